// The gallery grid against the real relay (demo provider, 300 ms an image): find by URL and by
// typing, favourites, a collection, shift-click selection, delete → Undo, delete → Trash → Restore,
// and a 375 px phone with the keyboard. The 50,000-image figures are bench/gallery.ts's job.
import type { Page } from '@playwright/test';
import { expect, navigate, signUp, test } from './fixtures';

/** Makes one image per prompt as a batch (all at once) and waits until the gallery shows them all. */
async function makeImages(page: Page, prompts: string[]): Promise<void> {
	await navigate(page, 'Batch');
	await page.getByLabel('Name', { exact: true }).fill('Gallery batch');
	await page.getByLabel('Prompts, one per line').fill(prompts.join('\n'));
	await page.getByLabel('Model').selectOption('demo/sketch');
	await page.getByLabel('Images per prompt').fill('1');
	await page.getByLabel('At once').fill(String(prompts.length));
	await page.getByRole('button', { name: 'Start batch' }).click();
	await expect(page).toHaveURL(/\/queue$/);
	await navigate(page, 'Gallery');
	await expect(page.getByTestId('gallery-count')).toHaveText(`${prompts.length} images`, {
		timeout: 10_000
	});
}

const tiles = (page: Page) => page.getByRole('region', { name: 'Images' }).getByRole('link');

test.describe('gallery', () => {
	test('find, favourite, collect, select a range, delete with Undo and restore from the Trash', async ({
		page
	}) => {
		await signUp(page);
		await makeImages(page, ['a red fox in snow', 'a blue whale', '海边的日落', 'a green frog']);
		await expect(tiles(page)).toHaveCount(4);

		// A bookmarked view: Chinese search in the URL.
		await page.goto('/gallery?q=日落');
		await expect(tiles(page)).toHaveCount(1);
		await expect(tiles(page).first()).toHaveAccessibleName('海边的日落');
		await expect(page.getByLabel('Search prompts')).toHaveValue('日落');
		// Typing replaces the search; Back returns to the view before.
		await page.getByLabel('Search prompts').fill('FOX');
		await expect(page).toHaveURL(/[?&]q=FOX/);
		await expect(tiles(page)).toHaveCount(1);
		await expect(tiles(page).first()).toHaveAccessibleName('a red fox in snow');
		await page.goBack();
		await expect(tiles(page)).toHaveCount(4);

		// Favourite on the tile, then the favourites filter (in the URL).
		await page.getByRole('button', { name: 'Favourite “a blue whale”' }).click();
		await expect(page.getByRole('button', { name: 'Favourite “a blue whale”' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await page.getByLabel('Favourites').check();
		await expect(page).toHaveURL(/fav=1/);
		await expect(tiles(page)).toHaveCount(1);
		await expect(tiles(page).first()).toHaveAccessibleName('a blue whale');
		await page.getByLabel('Favourites').uncheck();
		await expect(tiles(page)).toHaveCount(4);

		// Shift-click selects the range in display order; the three go into a new collection.
		const boxes = page.getByRole('region', { name: 'Images' }).getByRole('checkbox');
		await boxes.nth(0).click();
		await boxes.nth(2).click({ modifiers: ['Shift'] });
		await expect(page.getByText('3 selected')).toBeVisible();
		const chosen = await Promise.all(
			[0, 1, 2].map((i) => tiles(page).nth(i).getAttribute('aria-label'))
		);
		await page.getByRole('button', { name: 'Add to collection' }).click();
		await page.getByLabel('New collection').fill('Best of the batch');
		await page.getByRole('button', { name: 'Create and add' }).click();
		await expect(page.getByText('Added 3 images to “Best of the batch”.')).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(page.getByRole('toolbar', { name: 'Selected images' })).toBeHidden();

		await page.getByRole('link', { name: 'Collections' }).click();
		await page.getByRole('link', { name: 'Best of the batch' }).click();
		await expect(page.getByRole('heading', { name: 'Best of the batch', level: 1 })).toBeVisible();
		await expect(tiles(page)).toHaveCount(3);
		expect(
			await tiles(page).evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')))
		).toEqual(chosen);

		// Delete → Undo brings it back.
		await boxes.nth(0).click();
		await page.getByRole('button', { name: 'Delete' }).click();
		await expect(tiles(page)).toHaveCount(2);
		await page.getByRole('button', { name: 'Undo' }).click();
		await expect(tiles(page)).toHaveCount(3);

		// Delete → Trash → Restore.
		await boxes.nth(1).click();
		await page.getByRole('button', { name: 'Delete' }).click();
		await expect(tiles(page)).toHaveCount(2);
		await page.getByRole('link', { name: 'Trash' }).click();
		await page.getByRole('button', { name: `Restore “${chosen[1]}”` }).click();
		await expect(page.getByText('The Trash is empty.')).toBeVisible();
		await page.getByRole('link', { name: 'Back to gallery' }).click();
		await expect(page.getByTestId('gallery-count')).toHaveText('4 images');
	});

	test('a 375 px phone: three tiles a row, nothing sideways, arrow keys and Enter open the viewer in the same view', async ({
		page
	}) => {
		await page.setViewportSize({ width: 375, height: 740 });
		await signUp(page);
		await makeImages(page, [
			'one lighthouse',
			'two lighthouses',
			'three lighthouses',
			'four lighthouses'
		]);

		await page.goto('/gallery?sort=oldest');
		await expect(tiles(page)).toHaveCount(4);
		const boxes = await tiles(page).evaluateAll((links) =>
			links.map((a) => a.getBoundingClientRect().toJSON() as DOMRect)
		);
		expect(boxes[0].y).toBe(boxes[2].y);
		expect(boxes[3].y).toBeGreaterThan(boxes[0].y);
		expect(boxes[0].width).toBeGreaterThan(90);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			375
		);

		await tiles(page).first().focus();
		await page.keyboard.press('ArrowRight');
		await expect(tiles(page).nth(1)).toBeFocused();
		await page.keyboard.press('ArrowDown');
		await expect(tiles(page).nth(3)).toBeFocused();
		await page.keyboard.press('Space');
		await expect(page.getByText('1 selected')).toBeVisible();
		await page.keyboard.press('Escape');
		await tiles(page).nth(0).focus();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/gallery\/[0-9a-f-]+\?sort=oldest$/);
	});
});
