import { creditBalance, expect, signUp, test } from './fixtures';

test.describe('studio end to end (demo provider)', () => {
	test('sign up → generate → gallery → detail → offline reload still shows it', async ({
		page,
		context
	}) => {
		await signUp(page);
		await expect.poll(() => creditBalance(page)).toBe(20);

		await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse at dusk, watercolour');
		await page.getByLabel('Model').selectOption('demo/sketch');
		await page.getByLabel('Aspect ratio').selectOption('16:9');
		await expect(page.getByText(/1 credit/)).toBeVisible();
		await page.getByLabel('Prompt', { exact: true }).press('Control+Enter');

		await expect(
			page.getByRole('img', { name: 'a lighthouse at dusk, watercolour' }).first()
		).toBeVisible({ timeout: 20_000 });
		await expect.poll(() => creditBalance(page)).toBe(19);

		await page.getByRole('link', { name: 'Gallery' }).click();
		const tile = page.getByRole('link', { name: /a lighthouse at dusk/ }).first();
		await expect(tile).toBeVisible();
		await tile.click();
		await expect(page.getByText('demo/sketch').first()).toBeVisible();
		await expect(page.getByText('16:9').first()).toBeVisible();
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Download' }).click();
		expect((await download).suggestedFilename()).toMatch(/\.png$/);

		// Offline: the service worker serves the shell; Dexie holds the gallery and its thumbnails.
		await page.goto('/gallery');
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
		await context.setOffline(true);
		await page.reload();
		const offlineTile = page.getByRole('link', { name: /a lighthouse at dusk/ }).first();
		await expect(offlineTile).toBeVisible();
		// Thumbnails are set once the grid settles (GalleryGrid), so wait for the picture itself.
		await expect
			.poll(
				() =>
					offlineTile
						.locator('img')
						.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
				{ timeout: 5_000 }
			)
			.toBe(true);
		await context.setOffline(false);
	});

	test('a failing provider shows a clear message and charges nothing', async ({ page }) => {
		await signUp(page);
		await expect.poll(() => creditBalance(page)).toBe(20);
		await page.getByLabel('Prompt', { exact: true }).fill('forbidden [demo:fail:CONTENT_BLOCKED]');
		await page.getByRole('button', { name: 'Generate' }).click();
		await expect(page.getByText(/blocked this request for safety reasons/).first()).toBeVisible({
			timeout: 20_000
		});
		await expect.poll(() => creditBalance(page)).toBe(20);
	});

	test('the UI speaks Chinese when switched', async ({ page }) => {
		await signUp(page);
		await page.getByLabel('Language').selectOption('zh-CN');
		await expect(page.getByRole('link', { name: '图库' })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	});

	test('serves an installable manifest and a service worker', async ({ page, request }) => {
		const manifest = await (await request.get('/manifest.webmanifest')).json();
		expect(manifest).toMatchObject({
			display: 'standalone',
			short_name: expect.any(String),
			theme_color: expect.any(String)
		});
		expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(
			expect.arrayContaining(['192x192', '512x512'])
		);
		expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
		await page.goto('/login');
		const registered = await page.evaluate(() =>
			navigator.serviceWorker.ready.then((r) => !!r.active)
		);
		expect(registered).toBe(true);
	});
});
