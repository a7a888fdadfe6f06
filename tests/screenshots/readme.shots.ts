/**
 * Screenshots of the main pages for the README (docs/screenshots/<page>-<width>[-zh].png). Not a
 * test: it walks the app as a new person would (sign up, generate, a batch) and photographs it.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN_EMAIL } from '../../playwright.config';

const OUT = 'docs/screenshots';
const WIDTHS = [
	{ name: '390', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
	{ name: '1280', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false }
];
const LOCALES = [
	{ suffix: '', locale: 'en' },
	{ suffix: '-zh', locale: 'zh-CN' }
];
const PAGES = ['/', '/gallery', '/batch', '/queue', '/library', '/credits', '/admin'];
const PASSWORD = 'long password 123';

async function account(page: Page, email: string): Promise<void> {
	await page.goto('/login');
	await page.locator('input[type=email]').fill(email);
	await page.locator('input[type=password]').fill(PASSWORD);
	// Create the account the first time, sign in afterwards.
	await page.locator('form .actions button').nth(1).click();
	const signedIn = page.locator('#gen-prompt');
	await expect(signedIn.or(page.locator('form [role=alert]'))).toBeVisible({ timeout: 30_000 });
	if (!(await signedIn.isVisible())) await page.locator('form .actions button').first().click();
	await expect(signedIn).toBeVisible({ timeout: 30_000 });
}

async function seed(browser: Browser): Promise<void> {
	const page = await (await browser.newContext({ locale: 'en' })).newPage();
	await account(page, E2E_ADMIN_EMAIL);
	await page.locator('#gen-prompt').fill('a lighthouse at dusk, watercolour');
	await page.locator('#gen-prompt').press('Control+Enter');
	await expect(
		page.getByRole('img', { name: 'a lighthouse at dusk, watercolour' }).first()
	).toBeVisible({ timeout: 30_000 });
	await page.locator('#gen-prompt').fill('forbidden [demo:fail:CONTENT_BLOCKED]');
	await page.locator('#gen-prompt').press('Control+Enter');
	await page.waitForTimeout(3_000);
	await page.context().close();
}

test('README screenshots', async ({ browser }) => {
	await seed(browser);
	for (const width of WIDTHS) {
		for (const { suffix, locale } of LOCALES) {
			const context = await browser.newContext({ ...width, locale, deviceScaleFactor: 1 });
			await context.addInitScript((l) => localStorage.setItem('nbs.locale', l), locale);
			const page = await context.newPage();
			await account(page, E2E_ADMIN_EMAIL);
			for (const path of PAGES) {
				await page.goto(path);
				await page.waitForLoadState('networkidle');
				await page.waitForTimeout(800);
				const name = path === '/' ? 'generate' : path.slice(1);
				await page.screenshot({ path: `${OUT}/${name}-${width.name}${suffix}.png` });
			}
			await context.close();
		}
	}
});
