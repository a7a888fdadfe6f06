import type { Page } from '@playwright/test';
import { E2E_STYLES_ADMIN_EMAIL } from '../../playwright.config';
import { expect, navigate, signUp, test } from './fixtures';

/** A shared A1111 styles.csv with the usual quirks: BOM, CRLF, section lines, CJK, `分类 | 名称`, a stray quote on line 5. */
const QUIRKY_STYLES = [
	'\uFEFFname,prompt,negative_prompt',
	'>>>>>> Generic Styles,,',
	'Cinematic,"cinematic still {prompt} . emotional, harmonious","anime, cartoon"',
	'Film grain,"film grain, 35mm",',
	'Broken,"a "quoted" word, oops",ugly',
	'||| 摄影,,',
	'人像,"{prompt}，柔和的自然光","模糊"',
	'风景 | 日落,"{prompt}，金色的夕阳",',
	''
].join('\r\n');

const FOOOCUS_PACK = JSON.stringify([
	{ name: 'Fooocus V2' },
	{ name: 'sai-anime', prompt: 'anime artwork {prompt} . anime style', negative_prompt: 'photo' },
	{ name: '国风 | 水墨', prompt: '{prompt}，水墨画，留白' }
]);

const card = (page: Page, title: string) => page.getByRole('article', { name: title, exact: true });

async function openLibraryTab(page: Page, tab: string): Promise<void> {
	await navigate(page, 'Library');
	await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
	await page.getByRole('tab', { name: tab }).click();
}

test.describe('style files', () => {
	test('a quirky styles.csv imports with the bad line reported; styles are marked, filtered, and Use adds one without replacing the prompt', async ({
		page
	}) => {
		await signUp(page);
		await openLibraryTab(page, 'Import & export');
		await page.getByLabel('File').setInputFiles({
			name: 'styles.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(QUIRKY_STYLES)
		});
		await expect(page.getByLabel('Format', { exact: true })).toHaveValue('a1111');
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await expect(page.getByText('Imported 4 prompts.')).toBeVisible();
		await expect(
			page.getByText('Line 5: could not be read, text after a closing quote (a stray quote?)')
		).toBeVisible();

		// A plain prompt next to the styles, to see the filter leave it out.
		await page.getByRole('tab', { name: 'My prompts' }).click();
		await page.getByRole('button', { name: 'New prompt' }).first().click();
		const dialog = page.getByRole('dialog', { name: 'New prompt' });
		await dialog.getByLabel('Prompt text').fill('a lighthouse at dusk');
		await dialog.getByLabel('Title').fill('Lighthouse');
		await dialog.getByRole('button', { name: 'Save' }).click();
		await expect(card(page, 'Lighthouse')).toBeVisible();

		// Section lines became categories; `风景 | 日落` split; each style carries a visible mark.
		await expect(card(page, '人像').getByText('摄影')).toBeVisible();
		await expect(card(page, '日落').getByText('风景')).toBeVisible();
		await expect(card(page, 'Film grain').getByText('Style', { exact: true })).toBeVisible();
		await expect(card(page, 'Lighthouse').getByText('Style', { exact: true })).toHaveCount(0);
		await expect(page.getByRole('article', { name: /Generic Styles|摄影/ })).toHaveCount(0);
		await page.getByRole('checkbox', { name: 'Styles only' }).check();
		await expect(card(page, 'Lighthouse')).toBeHidden();
		await expect(card(page, 'Cinematic')).toBeVisible();
		await expect(page.getByText('4 of 5 prompts match')).toBeVisible();

		// Type a prompt on Generate, then Use a style: it joins the style stack, the prompt stays.
		await navigate(page, 'Generate');
		await page.getByLabel('Prompt', { exact: true }).fill('a cat on a windowsill');
		await navigate(page, 'Library');
		await page.getByRole('checkbox', { name: 'Styles only' }).check();
		await card(page, 'Cinematic').getByRole('button', { name: 'Use style “Cinematic”' }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect(
			page.getByText('Style “Cinematic” added to the prompt on Generate.')
		).toBeVisible();
		await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('a cat on a windowsill');
		// The stack remembers it: using it again says so.
		await navigate(page, 'Library');
		await card(page, 'Cinematic').getByRole('button', { name: 'Use style “Cinematic”' }).click();
		await expect(
			page.getByText('Style “Cinematic” is already applied, or no more styles fit.')
		).toBeVisible();
	});

	test('an admin imports a Fooocus style pack as presets; users see them marked as styles', async ({
		page
	}) => {
		await signUp(page, E2E_STYLES_ADMIN_EMAIL);
		await navigate(page, 'Admin');
		await page.getByRole('tab', { name: 'Presets' }).click();
		await page.getByLabel('Style file', { exact: true }).setInputFiles({
			name: 'sdxl_styles_e2e.json',
			mimeType: 'application/json',
			buffer: Buffer.from(FOOOCUS_PACK)
		});
		await expect(page.getByLabel('Style file format')).toHaveValue('fooocus');
		await page.getByRole('button', { name: 'Import as presets' }).click();
		const report = page.getByRole('status').filter({ hasText: 'Added' });
		await expect(report).toContainText('Added 2 presets.');
		await expect(report).toContainText('Line 1, “Fooocus V2”: no prompt text');

		await openLibraryTab(page, 'Presets');
		const preset = page.getByRole('article', { name: '水墨' });
		await expect(preset.getByText('Style', { exact: true })).toBeVisible();
		await expect(preset.getByText('国风')).toBeVisible();
		await preset.getByRole('button', { name: 'Use style “水墨”' }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByText('Style “水墨” added to the prompt on Generate.')).toBeVisible();
	});
});
