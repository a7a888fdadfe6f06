import { expect, test } from '@playwright/test';

test('probe offline requests', async ({ page, context }) => {
	const seen: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes('/trpc/')) seen.push(`${(Date.now() / 1000).toFixed(1)} ${new URL(r.url()).pathname}`);
	});
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text().slice(0, 160));
	});
	await page.goto('/login');
	await page.locator('input[type=email]').fill(`probe-${Date.now()}@example.test`);
	await page.locator('input[type=password]').fill('long password 123');
	await page.locator('form .actions button').nth(1).click();
	await expect(page.locator('#gen-prompt')).toBeVisible({ timeout: 30_000 });
	await page.waitForTimeout(3_000);
	seen.length = 0;
	errors.length = 0;
	await context.setOffline(true);
	await page.waitForTimeout(20_000);
	console.log('OFFLINE REQUESTS', seen.length, '\n' + seen.join('\n'));
	console.log('CONSOLE', errors.length, '\n' + errors.join('\n'));
	await page.screenshot({ path: '/tmp/offline-1280.png' });
});
