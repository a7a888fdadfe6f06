import sharp from 'sharp';
import { creditBalance, expect, signUp, test } from './fixtures';

/** A small solid-colour PNG, made in the test process. */
function png(r: number, g: number, b: number): Promise<Buffer> {
	return sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } })
		.png()
		.toBuffer();
}

test.describe('image to image (demo provider)', () => {
	test('upload two sources → generate → the gallery shows the lineage → use as source', async ({
		page
	}) => {
		await signUp(page);
		await page.getByLabel('Model').selectOption('demo/sketch');
		await expect(page.getByText('Up to 4 source images')).toBeVisible();

		await page.getByLabel('Add source images').setInputFiles([
			{ name: 'red.png', mimeType: 'image/png', buffer: await png(220, 40, 40) },
			{ name: 'blue.png', mimeType: 'image/png', buffer: await png(40, 60, 220) }
		]);
		await expect(page.getByRole('img', { name: 'Source image 1' })).toBeVisible({
			timeout: 15_000
		});
		await expect(page.getByRole('img', { name: 'Source image 2' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Remove source image 2' })).toBeVisible();

		await page.getByLabel('Prompt', { exact: true }).fill('merge the two colours into a sunset');
		await page.getByRole('button', { name: 'Generate' }).click();
		await expect(
			page.getByRole('img', { name: 'merge the two colours into a sunset' }).first()
		).toBeVisible({ timeout: 20_000 });

		await page.getByRole('link', { name: 'Gallery' }).click();
		await page
			.getByRole('link', { name: /merge the two colours/ })
			.first()
			.click();
		const sources = page.getByRole('region', { name: 'Sources' });
		await expect(sources).toBeVisible();
		await expect(sources.getByRole('img')).toHaveCount(2);
		await expect(sources.getByRole('img', { name: 'Source image 2' })).toBeVisible();

		// "Use as source" opens Generate with this image as the only source.
		await page.getByRole('button', { name: 'Use as source' }).click();
		await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
		await expect(page.getByRole('img', { name: 'Source image 3' })).toBeVisible();
		// Switching to a model without image-to-image hides the area and drops the sources.
		await page.getByLabel('Model').selectOption('demo/fast');
		await expect(page.getByLabel('Add source images')).toHaveCount(0);
		await page.getByLabel('Model').selectOption('demo/sketch');
		await expect(page.getByRole('img', { name: /Source image/ })).toHaveCount(0);
	});

	test('the controls follow the model: strength, size with its price, negative prompt, sources', async ({
		page
	}) => {
		await signUp(page);
		await page.getByLabel('Model').selectOption('demo/sketch');

		// Camera capture sits next to the file picker (it opens the camera on phones).
		const camera = page.getByLabel('Take photo');
		await expect(camera).toHaveAttribute('capture', 'environment');
		await expect(camera).toHaveAttribute('accept', 'image/*');

		// Strength appears once there is a source, for a model that takes it.
		await expect(page.getByLabel('Strength')).toHaveCount(0);
		await page
			.getByLabel('Add source images')
			.setInputFiles([
				{ name: 'green.png', mimeType: 'image/png', buffer: await png(40, 200, 60) }
			]);
		await expect(page.getByRole('img', { name: 'Source image 1' })).toBeVisible({
			timeout: 15_000
		});
		const strength = page.getByRole('slider', { name: 'Strength' });
		await expect(strength).toBeVisible();
		await expect(strength).toHaveAttribute('min', '0');
		await expect(strength).toHaveAttribute('max', '1');
		await expect(strength).toHaveAttribute('step', '0.05');
		await strength.fill('0.35');
		await expect(page.getByText('0.35', { exact: true })).toBeVisible();

		// Size: the price per image shows where it differs, and the cost follows it.
		const size = page.getByLabel('Size');
		await expect(size.getByRole('option', { name: '2K · 2 credits' })).toHaveCount(1);
		await size.selectOption('2K');
		await expect(page.getByText('Cost: 2 credits')).toBeVisible();
		await expect(page.getByLabel('Negative prompt')).toBeVisible();
		await page.getByLabel('Negative prompt').fill('no text');

		const before = await creditBalance(page);
		await page.getByLabel('Prompt', { exact: true }).fill('a green hill, painted');
		await page.getByRole('button', { name: 'Generate' }).click();
		await expect(page.getByRole('img', { name: 'a green hill, painted' }).first()).toBeVisible({
			timeout: 20_000
		});
		await expect.poll(() => creditBalance(page)).toBe(before - 2);

		// An image-to-image model without strength keeps the sources but shows no strength, size or negative prompt.
		await page.getByLabel('Model').selectOption('google/gemini-2.5-flash-image');
		await expect(page.getByRole('img', { name: 'Source image 1' })).toBeVisible();
		await expect(page.getByLabel('Strength')).toHaveCount(0);
		await expect(page.getByLabel('Size')).toHaveCount(0);
		await expect(page.getByLabel('Negative prompt')).toHaveCount(0);

		// A text-only model hides the sources area altogether.
		await page.getByLabel('Model').selectOption('demo/fast');
		await expect(page.getByRole('region', { name: 'Source images' })).toHaveCount(0);
		await expect(page.getByLabel('Take photo')).toHaveCount(0);
		await expect(page.getByLabel('Strength')).toHaveCount(0);
	});

	test('the Generate form with sources and every control fits a 375 px phone', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 800 });
		await signUp(page);
		await page.getByLabel('Model').selectOption('demo/sketch');
		await page.getByLabel('Add source images').setInputFiles([
			{ name: 'a.png', mimeType: 'image/png', buffer: await png(200, 200, 40) },
			{ name: 'b.png', mimeType: 'image/png', buffer: await png(40, 200, 200) }
		]);
		await expect(page.getByRole('img', { name: 'Source image 2' })).toBeVisible({
			timeout: 15_000
		});
		for (const control of [
			page.getByLabel('Size'),
			page.getByLabel('Negative prompt'),
			page.getByRole('slider', { name: 'Strength' }),
			page.getByText('Take photo')
		]) {
			await expect(control).toBeVisible();
			const box = (await control.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(375);
		}
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			375
		);
	});
});
