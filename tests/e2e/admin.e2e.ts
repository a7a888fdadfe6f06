import type { Page } from '@playwright/test';
import { E2E_ADMIN_EMAIL as ADMIN_EMAIL } from '../../playwright.config';
import { creditBalance, expect, navigate, signUp, test } from './fixtures';

const PASSWORD = 'long password 123';

async function signIn(page: Page, email: string): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
}

async function openAdmin(page: Page, tab: string): Promise<void> {
	await navigate(page, 'Admin');
	await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();
	await page.getByRole('tab', { name: tab }).click();
}

test.describe.serial('administration', () => {
	let userEmail = '';

	test('admin creates a redeem code; another user redeems it and sees the balance and the ledger row', async ({
		page,
		browser
	}) => {
		// ADMIN_EMAILS (playwright.config.ts) makes this account an admin whichever file signs up first.
		await signUp(page, ADMIN_EMAIL);
		await expect(page.getByRole('link', { name: 'Admin' })).toBeVisible();
		await openAdmin(page, 'Redeem codes');
		await page.getByLabel('Credits', { exact: true }).fill('7');
		await page.getByLabel('Chosen code (optional)').fill('welcome-e2e');
		await page.getByLabel('Note').fill('e2e');
		await page.getByRole('button', { name: 'Create codes' }).click();
		await expect(page.getByTestId('new-code')).toHaveText('WELCOMEE2E');
		const table = page.getByRole('table', { name: 'Redeem codes' });
		await expect(table.getByRole('row', { name: /WELCOMEE2E/ })).toContainText('0 / 1');

		const other = await browser.newContext();
		const userPage = await other.newPage();
		userEmail = await signUp(userPage);
		await expect(userPage.getByRole('link', { name: 'Admin' })).toHaveCount(0);
		await userPage.goto('/admin');
		await expect(userPage.getByRole('alert')).toHaveText(
			'Only an administrator can open this page.'
		);
		await userPage
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Credits' })
			.click();
		await userPage.getByLabel('Code', { exact: true }).fill('Welcome E2E');
		await userPage.getByRole('button', { name: 'Redeem' }).click();
		await expect(
			userPage.getByRole('status').filter({ hasText: 'Code redeemed: 7 credits added.' })
		).toBeVisible();
		await expect(userPage.getByText('Balance: 27')).toBeVisible();
		await expect.poll(() => creditBalance(userPage)).toBe(27);
		const rows = userPage.getByRole('table', { name: 'Credit history' }).locator('tbody tr');
		await expect(
			rows
				.filter({ hasText: 'Code redeemed' })
				.filter({ hasText: 'WELCOMEE2E' })
				.filter({ hasText: '+7' })
		).toHaveCount(1);

		await userPage.getByLabel('Code', { exact: true }).fill('WELCOME-E2E');
		await userPage.getByRole('button', { name: 'Redeem' }).click();
		await expect(userPage.getByRole('alert')).toHaveText('You have already redeemed this code.');
		await other.close();

		await page.reload();
		await page.getByRole('tab', { name: 'Redeem codes' }).click();
		await expect(
			page.getByRole('table', { name: 'Redeem codes' }).getByRole('row', { name: /WELCOMEE2E/ })
		).toContainText('1 / 1');
	});

	test('admin grants credits with a reason and the user sees it on their credits page', async ({
		page,
		browser
	}) => {
		await signIn(page, ADMIN_EMAIL);
		await openAdmin(page, 'Credits');
		await page.getByLabel('User email').fill(userEmail);
		await page.getByLabel('Amount').fill('5');
		await page.getByLabel('Reason (shown to the user)').fill('Thanks for testing');
		await page.getByRole('button', { name: 'Grant', exact: true }).click();
		await expect(
			page.getByRole('status').filter({ hasText: `Done: ${userEmail} now has 32 credits.` })
		).toBeVisible();

		// Taking more than the balance is refused with a clear message.
		await page.getByLabel('Take credits').check();
		await page.getByLabel('Amount').fill('1000');
		await page.getByLabel('Reason (shown to the user)').fill('Too much');
		await page.getByRole('button', { name: 'Take', exact: true }).click();
		await expect(page.getByRole('alert')).toHaveText(
			'That would take the balance below zero. Take less.'
		);

		await openAdmin(page, 'Users');
		await page.getByRole('searchbox').fill(userEmail);
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page.getByRole('row', { name: new RegExp(userEmail) })).toContainText('32');

		const other = await browser.newContext();
		const userPage = await other.newPage();
		await signIn(userPage, userEmail);
		await userPage.goto('/credits');
		await expect(userPage.getByText('Balance: 32')).toBeVisible();
		const rows = userPage.getByRole('table', { name: 'Credit history' }).locator('tbody tr');
		await expect(
			rows.filter({ hasText: 'Credits granted — Thanks for testing' }).filter({ hasText: '+5' })
		).toHaveCount(1);
		await other.close();
	});

	test("a preset the admin adds shows in every user's library, read-only, and can be copied into it", async ({
		page,
		browser
	}) => {
		await signIn(page, ADMIN_EMAIL);
		await openAdmin(page, 'Presets');
		const form = page.getByRole('form', { name: 'New preset' });
		await form.getByLabel('Title').fill('Paper cut');
		await form
			.getByLabel('Prompt', { exact: true })
			.fill('layered paper-cut art of {subject}, soft shadows');
		await form.getByLabel('Tags (comma separated)').fill('craft');
		await form.getByRole('button', { name: 'Add preset' }).click();
		await expect(page.getByText('Paper cut').first()).toBeVisible();

		const other = await browser.newContext();
		const userPage = await other.newPage();
		await signUp(userPage);
		await userPage.getByRole('link', { name: 'Library' }).click();
		await userPage.getByRole('tab', { name: 'Presets' }).click();
		const preset = userPage.getByRole('article', { name: 'Paper cut' });
		await expect(preset).toContainText('layered paper-cut art of {subject}');
		await expect(preset.getByRole('button', { name: 'Edit' })).toHaveCount(0);
		await preset.getByRole('button', { name: 'Copy to my library' }).click();
		await userPage.getByRole('tab', { name: 'My prompts' }).click();
		await expect(userPage.getByRole('article', { name: 'Paper cut', exact: true })).toContainText(
			'#craft'
		);
		await other.close();
	});

	test('the gallery detail shows the receipt of a generation', async ({ page }) => {
		await signUp(page);
		await page.getByLabel('Prompt', { exact: true }).fill('a paper boat on a pond');
		await page.getByLabel('Model').selectOption('demo/sketch');
		await page.getByLabel('Aspect ratio').selectOption('4:3');
		await page.getByRole('button', { name: 'Generate' }).click();
		await expect(page.getByRole('img', { name: 'a paper boat on a pond' }).first()).toBeVisible({
			timeout: 20_000
		});
		await page.getByRole('link', { name: 'Gallery' }).click();
		await page
			.getByRole('link', { name: /a paper boat on a pond/ })
			.first()
			.click();
		const receipt = page
			.getByRole('list', { name: 'Image details and receipt' })
			.or(page.getByLabel('Image details and receipt'));
		await expect(receipt).toContainText('demo/sketch');
		await expect(receipt).toContainText('4:3');
		await expect(receipt).toContainText('1 credit');
		await expect(page.getByTestId('receipt-request-id')).toHaveText(/^demo-[0-9a-f-]{36}$/);
		await expect(receipt.locator('time')).toBeVisible();
	});

	test('the admin panel fits a 375 px screen', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 740 });
		await signIn(page, ADMIN_EMAIL);
		await openAdmin(page, 'Statistics');
		await expect(page.getByRole('img', { name: /Images per day/ })).toBeVisible();
		await expect(page.getByTestId('stats-running')).toBeVisible();
		for (const tab of ['Users', 'Credits', 'Redeem codes', 'Presets', 'Settings', 'Statistics']) {
			await page.getByRole('tab', { name: tab }).click();
			await expect(page.getByRole('tabpanel', { name: tab })).toBeVisible();
			// Wide tables scroll inside their own box; the page itself never scrolls sideways.
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - window.innerWidth
			);
			expect(overflow, tab).toBeLessThanOrEqual(0);
		}
	});
});
