/**
 * The first hour on a phone (390 × 844): a deep link survives sign-in, the header leaves room to
 * work, a bad seed is stopped at its field, Generate brings the result into view, and a nested URL
 * loaded directly logs no errors and registers the root service worker.
 */
import { creditBalance, expect, test } from './fixtures';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const email = () => `e2e-phone-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;

test('phone: a deep link comes back after sign-up, under a header of at most 12 % of the screen', async ({
	page
}) => {
	await page.goto('/batch?from=link');
	await expect(page).toHaveURL(/\/login\?next=%2Fbatch%3Ffrom%3Dlink$/);
	await page.getByLabel('Email').fill(email());
	await page.getByLabel('Password').fill('long password 123');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL(/\/batch\?from=link$/);
	await expect(page.getByRole('heading', { name: 'New batch' })).toBeVisible();

	const header = await page.locator('header').first().boundingBox();
	expect(header?.height).toBeLessThanOrEqual(844 * 0.12);
	// The links are one tap away under Menu.
	await page.getByRole('button', { name: 'Menu' }).click();
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).click();
	await expect(page).toHaveURL(/\/queue$/);
	await expect(page.getByRole('button', { name: 'Menu' })).toHaveAttribute(
		'aria-expanded',
		'false'
	);
});

test('phone: seed −5 is stopped at its field; Generate brings the result into view; a nested URL loads cleanly', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	await page.goto('/login');
	await page.getByLabel('Email').fill(email());
	await page.getByLabel('Password').fill('long password 123');
	await page.getByRole('button', { name: 'Create account' }).click();
	const prompt = page.getByLabel('Prompt', { exact: true });
	await expect(prompt).toBeVisible();
	await expect.poll(() => creditBalance(page)).toBe(20);
	await expect(page.getByText('Ctrl+Enter or ⌘+Enter')).toBeHidden(); // no keyboard hint on a touch screen

	await prompt.fill('a red kite over the sea');
	const seed = page.getByLabel('Seed');
	await seed.fill('-5');
	await expect(seed).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('Enter a number from 0 to 4294967295.')).toBeVisible();
	await page.getByRole('button', { name: 'Generate', exact: true }).click();
	await expect(seed).toBeFocused();
	await expect(page.getByText('New images appear here as they arrive.')).toBeVisible(); // nothing was queued

	await seed.fill('');
	await expect(seed).not.toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: 'Generate', exact: true }).click();
	const result = page.getByRole('img', { name: 'a red kite over the sea' }).first();
	await expect(result).toBeVisible({ timeout: 10_000 });
	await expect(result).toBeInViewport();
	await expect.poll(() => creditBalance(page)).toBe(19);

	// Loaded directly, a nested URL registers /sw.js for the whole site and logs no errors.
	await result.click();
	await expect(page).toHaveURL(/\/gallery\/[0-9a-f-]{36}$/);
	errors.length = 0;
	await page.reload();
	await expect(page.getByRole('img', { name: 'a red kite over the sea' }).first()).toBeVisible();
	const worker = await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		return { script: registration.active?.scriptURL ?? '', scope: registration.scope };
	});
	expect(new URL(worker.script).pathname).toBe('/sw.js');
	expect(new URL(worker.scope).pathname).toBe('/');
	expect(errors).toEqual([]);
});
