import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, navigate, signUp, test } from './fixtures';

async function openLibrary(page: Page) {
	await navigate(page, 'Library');
	await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
}

async function createPrompt(
	page: Page,
	fields: { title: string; text: string; category?: string; tags?: string; negative?: string }
) {
	await page.getByRole('button', { name: 'New prompt' }).first().click();
	const dialog = page.getByRole('dialog', { name: 'New prompt' });
	await dialog.getByLabel('Title').fill(fields.title);
	await dialog.getByLabel('Prompt text').fill(fields.text);
	if (fields.negative) await dialog.getByLabel('Negative prompt').fill(fields.negative);
	if (fields.category) await dialog.getByLabel('Category').fill(fields.category);
	if (fields.tags) await dialog.getByLabel('Tags').fill(fields.tags);
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog).toBeHidden();
	await expect(card(page, fields.title)).toBeVisible();
}

const card = (page: Page, title: string) => page.getByRole('article', { name: title, exact: true });

test.describe('prompt library', () => {
	test('create, tag, search, use in Generate (usage counted), autocomplete, save, delete with undo, trash and restore', async ({
		page
	}) => {
		await signUp(page);
		await openLibrary(page);
		await expect(page.getByText(/Your library is empty/)).toBeVisible();

		await createPrompt(page, {
			title: 'Lighthouse',
			text: 'a lighthouse at dusk, watercolour',
			category: 'Landscapes',
			tags: 'coast, Evening',
			negative: 'people'
		});
		await createPrompt(page, {
			title: 'Neon city',
			text: 'a neon city street at night',
			tags: 'city'
		});
		await expect(card(page, 'Lighthouse').getByText('#evening')).toBeVisible();

		// Tag through the bulk bar.
		await card(page, 'Lighthouse').getByRole('checkbox').check();
		await page.getByRole('textbox', { name: 'Tag to add' }).fill('calm');
		await page.getByRole('button', { name: 'Add tag' }).click();
		await expect(card(page, 'Lighthouse').getByText('#calm')).toBeVisible();
		await page.getByRole('button', { name: 'Clear selection' }).click();

		// Instant search over title, text and tags.
		const search = page.getByRole('searchbox', { name: 'Search prompts' });
		await search.fill('neon');
		await expect(card(page, 'Neon city')).toBeVisible();
		await expect(card(page, 'Lighthouse')).toBeHidden();
		await search.fill('calm');
		await expect(card(page, 'Lighthouse')).toBeVisible();
		await expect(card(page, 'Neon city')).toBeHidden();
		await search.fill('');
		await page.getByLabel('Category').selectOption('Landscapes');
		await expect(card(page, 'Neon city')).toBeHidden();
		await page.getByLabel('Category').selectOption('');

		// Use fills the Generate page; generating counts a use.
		await card(page, 'Lighthouse').getByRole('button', { name: 'Use “Lighthouse”' }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue(
			'a lighthouse at dusk, watercolour'
		);
		await expect(page.getByLabel('Negative prompt')).toHaveValue('people');
		await page.getByRole('button', { name: 'Generate', exact: true }).click();
		await expect(
			page.getByRole('img', { name: 'a lighthouse at dusk, watercolour' }).first()
		).toBeVisible({ timeout: 20_000 });
		await openLibrary(page);
		await expect(card(page, 'Lighthouse').getByText('Used once')).toBeVisible();

		// Autocomplete on the Generate page: combobox, arrow keys, Enter, Escape.
		await page.getByRole('link', { name: 'Generate' }).click();
		const prompt = page.getByRole('combobox', { name: 'Prompt', exact: true });
		await prompt.fill('');
		await prompt.pressSequentially('neon ci');
		await expect(page.getByRole('listbox')).toBeVisible();
		await expect(page.getByRole('option', { name: /Neon city/ })).toBeVisible();
		await prompt.press('Escape');
		await expect(page.getByRole('listbox')).toBeHidden();
		await prompt.pressSequentially('t');
		await prompt.press('ArrowDown');
		await expect(page.getByRole('option', { name: /Neon city/ })).toHaveAttribute(
			'aria-selected',
			'true'
		);
		await prompt.press('Enter');
		await expect(prompt).toHaveValue('a neon city street at night');
		await expect(page.getByRole('listbox')).toBeHidden();

		// Save to library from the Generate page.
		await prompt.fill('a paper boat on a puddle');
		await page.getByRole('button', { name: 'Save to library' }).click();
		await expect(page.getByText('Saved to your library.')).toBeVisible();
		await openLibrary(page);
		await expect(card(page, 'a paper boat on a puddle')).toBeVisible();

		// Delete with undo, then delete → trash → restore.
		await card(page, 'Neon city').getByRole('button', { name: 'Delete “Neon city”' }).click();
		await expect(card(page, 'Neon city')).toBeHidden();
		await page.getByRole('button', { name: 'Undo' }).click();
		await expect(card(page, 'Neon city')).toBeVisible();
		await card(page, 'Neon city').getByRole('button', { name: 'Delete “Neon city”' }).click();
		await expect(card(page, 'Neon city')).toBeHidden();
		await page.getByRole('tab', { name: 'Trash (1)' }).click();
		await card(page, 'Neon city').getByRole('button', { name: 'Restore' }).click();
		await expect(page.getByText('The trash is empty.')).toBeVisible();
		await page.getByRole('tab', { name: 'My prompts' }).click();
		await expect(card(page, 'Neon city')).toBeVisible();

		// Edit in the dialog: only what changed is saved; tags can be removed.
		await card(page, 'Neon city').getByRole('button', { name: 'Edit “Neon city”' }).click();
		const editor = page.getByRole('dialog', { name: 'Edit prompt' });
		await expect(editor.getByLabel('Prompt text')).toHaveValue('a neon city street at night');
		await editor.getByLabel('Title').fill('Neon alley');
		await editor.getByLabel('Tags').fill('city, rain');
		await editor.getByRole('button', { name: 'Save' }).click();
		await expect(card(page, 'Neon alley').getByText('#rain')).toBeVisible();

		// Survives a reload (IndexedDB).
		await page.reload();
		await expect(card(page, 'Lighthouse').getByText('#calm')).toBeVisible();

		// Batch from a selection hands the ids to the batch page.
		await card(page, 'Lighthouse').getByRole('checkbox').check();
		await card(page, 'Neon alley').getByRole('checkbox').check();
		await expect(page.getByText('2 selected')).toBeVisible();
		await page.getByRole('button', { name: 'Batch' }).click();
		await expect(page).toHaveURL(/\/batch\?promptIds=[0-9a-f-]+,[0-9a-f-]+$/);
	});

	test('export, then import into a fresh profile gives the same library; a bad file imports nothing', async ({
		page,
		browser
	}) => {
		await signUp(page);
		await openLibrary(page);
		await createPrompt(page, {
			title: '夜景',
			text: '雨后的上海外滩夜景，\n霓虹灯倒影, "cinematic"',
			category: '城市',
			tags: '夜晚, 城市',
			negative: 'blurry'
		});
		await createPrompt(page, { title: 'Fox', text: 'a red fox in the snow', tags: 'animal' });
		await card(page, 'Fox').getByRole('button', { name: 'Favourite' }).click();
		await expect(card(page, 'Fox').getByRole('button', { name: 'Favourite' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);

		await page.getByRole('tab', { name: 'Import & export' }).click();
		await page.getByLabel('Export format').selectOption('json');
		const downloading = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export library' }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toMatch(/^prompts-.*\.json$/);
		const exportedPath = '/tmp/lib-e2e/export-a.json';
		await download.saveAs(exportedPath);
		const exported = JSON.parse(await readFile(exportedPath, 'utf8'));

		// A new account in a new browser context: an empty profile.
		const context = await browser.newContext();
		const fresh = await context.newPage();
		await signUp(fresh);
		await openLibrary(fresh);
		await fresh.getByRole('tab', { name: 'Import & export' }).click();

		await fresh.getByLabel('File').setInputFiles({
			name: 'broken.json',
			mimeType: 'application/json',
			buffer: Buffer.from(
				'{"format": "nano-banana-studio/prompts", "version": 1, "prompts": [{"title": 5}]}'
			)
		});
		await fresh.getByRole('button', { name: 'Import', exact: true }).click();
		await expect(fresh.getByRole('alert')).toContainText('Nothing was imported');

		await fresh.getByLabel('File').setInputFiles(exportedPath);
		await expect(fresh.getByLabel('Format', { exact: true })).toHaveValue('json');
		await fresh.getByRole('button', { name: 'Import', exact: true }).click();
		await expect(fresh.getByText('Imported 2 prompts.')).toBeVisible();

		// Importing the same file again skips both as duplicates.
		await fresh.getByRole('button', { name: 'Import', exact: true }).click();
		await expect(fresh.getByText('Imported 0 prompts.')).toBeVisible();
		await expect(fresh.getByText(/already in your library/).first()).toBeVisible();

		await fresh.getByLabel('Export format').selectOption('json');
		const again = fresh.waitForEvent('download');
		await fresh.getByRole('button', { name: 'Export library' }).click();
		const reexportedPath = '/tmp/lib-e2e/export-b.json';
		await (await again).saveAs(reexportedPath);
		const reexported = JSON.parse(await readFile(reexportedPath, 'utf8'));
		expect(reexported.prompts).toEqual(exported.prompts);

		await fresh.getByRole('tab', { name: 'My prompts' }).click();
		await expect(card(fresh, '夜景').getByText('#夜晚')).toBeVisible();
		await expect(card(fresh, 'Fox').getByRole('button', { name: 'Favourite' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await context.close();
	});

	test('works offline: the library loads from the device and edits are kept', async ({
		page,
		context
	}) => {
		await signUp(page);
		await openLibrary(page);
		await createPrompt(page, {
			title: 'Offline fox',
			text: 'a fox under the aurora',
			tags: 'night'
		});
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

		await context.setOffline(true);
		await page.reload();
		await expect(card(page, 'Offline fox')).toBeVisible();
		await createPrompt(page, { title: 'Written offline', text: 'a lantern in the fog' });
		await page.getByRole('searchbox', { name: 'Search prompts' }).fill('aurora');
		await expect(card(page, 'Written offline')).toBeHidden();
		await expect(card(page, 'Offline fox')).toBeVisible();
		await context.setOffline(false);
	});

	test('the library fits a 375 px phone', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 740 });
		await signUp(page);
		await openLibrary(page);
		await createPrompt(page, {
			title: 'A very long title that keeps going and going without any end in sight',
			text: 'x'.repeat(300),
			tags: 'one, two, three, four'
		});
		await card(page, 'A very long title that keeps going and going without any end in sight')
			.getByRole('checkbox')
			.check();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		const wide = await page.evaluate(() =>
			[...document.querySelectorAll('body *')]
				.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
				.map(
					(el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`
				)
				.slice(0, 15)
		);
		expect(overflow, wide.join('\n')).toBeLessThanOrEqual(0);
	});
});
