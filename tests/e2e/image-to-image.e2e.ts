import sharp from 'sharp';
import { expect, signUp, test } from './fixtures';

/** A small solid-colour PNG, made in the test process. */
function png(r: number, g: number, b: number): Promise<Buffer> {
	return sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } }).png().toBuffer();
}

test.describe('image to image (demo provider)', () => {
	test('upload two sources → generate → the gallery shows the lineage → use as source', async ({ page }) => {
		await signUp(page);
		await page.getByLabel('Model').selectOption('demo/sketch');
		await expect(page.getByText('Up to 4 source images')).toBeVisible();

		await page.getByLabel('Add source images').setInputFiles([
			{ name: 'red.png', mimeType: 'image/png', buffer: await png(220, 40, 40) },
			{ name: 'blue.png', mimeType: 'image/png', buffer: await png(40, 60, 220) }
		]);
		await expect(page.getByRole('img', { name: 'Source image 1' })).toBeVisible({ timeout: 15_000 });
		await expect(page.getByRole('img', { name: 'Source image 2' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Remove source image 2' })).toBeVisible();

		await page.getByLabel('Prompt').fill('merge the two colours into a sunset');
		await page.getByRole('button', { name: 'Generate' }).click();
		await expect(page.getByRole('img', { name: 'merge the two colours into a sunset' }).first()).toBeVisible({ timeout: 20_000 });

		await page.getByRole('link', { name: 'Gallery' }).click();
		await page.getByRole('link', { name: /merge the two colours/ }).first().click();
		const sources = page.getByRole('region', { name: 'Sources' });
		await expect(sources).toBeVisible();
		await expect(sources.getByRole('img')).toHaveCount(2);
		await expect(sources.getByRole('img', { name: 'Source image 2' })).toBeVisible();

		// "Use as source" opens Generate with this image as the only source.
		await page.getByRole('button', { name: 'Use as source' }).click();
		await expect(page.getByLabel('Prompt')).toBeVisible();
		await expect(page.getByRole('img', { name: 'Source image 3' })).toBeVisible();
		// Switching to a model without image-to-image hides the area and drops the sources.
		await page.getByLabel('Model').selectOption('demo/fast');
		await expect(page.getByLabel('Add source images')).toHaveCount(0);
		await page.getByLabel('Model').selectOption('demo/sketch');
		await expect(page.getByRole('img', { name: /Source image/ })).toHaveCount(0);
	});
});
