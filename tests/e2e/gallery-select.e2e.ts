// Drag-select with the mouse on desktop: a band adds the tiles it touches, Ctrl flips them,
// Escape puts the selection back, and the press that drew the band does not open the viewer.
// Images come in through Import (no generation needed).
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect, navigate, signUp, test } from './fixtures';

const COLOURS = ['#e63946', '#f1faee', '#a8dadc', '#457b9d', '#1d3557', '#ffb703'];

async function importImages(page: Page): Promise<void> {
	const files = await Promise.all(
		COLOURS.map(async (colour, i) => ({
			name: `tile-${i}.png`,
			mimeType: 'image/png',
			buffer: await sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
				.png()
				.toBuffer()
		}))
	);
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Import images' }).click();
	await (await chooser).setFiles(files);
	await expect(page.getByTestId('gallery-count')).toHaveText(`${COLOURS.length} images`, {
		timeout: 20_000
	});
}

/** The centre of tile `index` on screen. */
async function centre(page: Page, index: number): Promise<{ x: number; y: number }> {
	const box = (await page.locator(`[data-tile="${index}"]`).boundingBox())!;
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function drag(
	page: Page,
	from: number,
	to: number,
	options: { finish?: boolean } = {}
): Promise<void> {
	const a = await centre(page, from);
	const b = await centre(page, to);
	await page.mouse.move(a.x, a.y);
	await page.mouse.down();
	await page.mouse.move((a.x + b.x) / 2, a.y + 3, { steps: 4 });
	await page.mouse.move(b.x, b.y, { steps: 4 });
	if (options.finish !== false) await page.mouse.up();
}

test.describe('gallery drag-select', () => {
	test.use({ viewport: { width: 1280, height: 800 } });

	test('a mouse band adds tiles to the selection, Ctrl flips them, Escape puts it back', async ({
		page
	}) => {
		await signUp(page);
		await navigate(page, 'Gallery');
		await importImages(page);
		const boxes = page.getByRole('region', { name: 'Images' }).getByRole('checkbox');

		await drag(page, 0, 2);
		await expect(page.getByText('3 selected')).toBeVisible();
		await expect(page).toHaveURL(/\/gallery$/); // the press on a tile did not open it
		await expect(boxes.nth(0)).toBeChecked();
		await expect(boxes.nth(2)).toBeChecked();
		await expect(boxes.nth(3)).not.toBeChecked();
		await expect(page.getByTestId('selection-band')).toHaveCount(0);

		// A second band adds to the first.
		await drag(page, 4, 5);
		await expect(page.getByText('5 selected')).toBeVisible();

		// Ctrl flips what the band touches: 1 and 2 go, 3 comes in.
		await page.keyboard.down('Control');
		await drag(page, 1, 3);
		await page.keyboard.up('Control');
		await expect(page.getByText('4 selected')).toBeVisible();
		await expect(boxes.nth(1)).not.toBeChecked();
		await expect(boxes.nth(3)).toBeChecked();

		// Escape during a band puts the selection back as it was.
		await drag(page, 1, 2, { finish: false });
		await expect(page.getByTestId('selection-band')).toBeVisible();
		await expect(page.getByText('6 selected')).toBeVisible();
		await page.keyboard.press('Escape');
		await page.mouse.up();
		await expect(page.getByText('4 selected')).toBeVisible();

		// A plain click still works as before.
		await boxes.nth(1).click();
		await expect(page.getByText('5 selected')).toBeVisible();
	});
});
