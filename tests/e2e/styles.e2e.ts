import type { Page } from '@playwright/test';
import { expect, navigate, signUp, test } from './fixtures';

interface StyleFields {
	title: string;
	text: string;
	negative: string;
	tags?: string;
}
const CINEMATIC: StyleFields = {
	title: 'Cinematic',
	text: 'cinematic still of {prompt} . film grain',
	negative: 'cartoon, blurry'
};
const ARTSTATION: StyleFields = {
	title: 'Artstation',
	text: 'trending on artstation',
	negative: 'blurry, lowres',
	tags: 'style'
};

/** Two styles made in the library through its editor: one with {prompt}, one tagged "style" (appended). */
async function createStyles(page: Page): Promise<void> {
	await navigate(page, 'Library');
	for (const style of [CINEMATIC, ARTSTATION]) {
		await page.getByRole('button', { name: 'New prompt' }).first().click();
		const dialog = page.getByRole('dialog', { name: 'New prompt' });
		await dialog.getByLabel('Title').fill(style.title);
		await dialog.getByLabel('Prompt text').fill(style.text);
		await dialog.getByLabel('Negative prompt').fill(style.negative);
		if (style.tags) await dialog.getByLabel('Tags').fill(style.tags);
		await dialog.getByRole('button', { name: 'Save' }).click();
		await expect(dialog).toBeHidden();
	}
}

const FINAL = 'cinematic still of a red fox . film grain, trending on artstation';

test.describe('styles', () => {
	test('two styles stacked on Generate: previewed, sent, on the receipt, back with Remix and from the downloaded file', async ({
		page
	}) => {
		await signUp(page);
		await createStyles(page);
		await navigate(page, 'Generate');
		await page.getByLabel('Model').selectOption('demo/sketch');
		const styles = page.getByRole('group', { name: 'Styles' });
		// A style picked from the prompt's autocomplete joins the stack instead of filling the box.
		await page.getByLabel('Prompt', { exact: true }).fill('artst');
		await page.getByRole('option', { name: /Artstation/ }).click();
		await expect(styles.getByRole('button', { name: 'Artstation', exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('artst');
		await page.getByLabel('Prompt', { exact: true }).fill('a red fox');
		await page.getByLabel('Negative prompt').fill('text');
		await styles.getByRole('button', { name: 'Cinematic', exact: true }).click();
		await expect(styles.getByRole('button', { name: 'Cinematic', exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		// Artstation was picked first, so it is innermost; Cinematic wraps the result.
		await expect(page.getByTestId('final-prompt')).toHaveText(
			'cinematic still of a red fox, trending on artstation . film grain'
		);
		// Reordered with the keyboard: Cinematic first, so it wraps the typed prompt innermost.
		await styles.getByRole('button', { name: 'Move Cinematic earlier' }).focus();
		await page.keyboard.press('Enter');
		await expect(
			page.getByRole('list', { name: 'Picked styles, in order' }).getByRole('listitem')
		).toHaveText([/Cinematic/, /Artstation/]);
		await expect(page.getByTestId('final-prompt')).toHaveText(FINAL);
		await expect(page.getByTestId('final-negative')).toHaveText('text, cartoon, blurry, lowres');
		// The search narrows the chips.
		await styles.getByRole('searchbox', { name: 'Search styles' }).fill('artst');
		await expect(
			styles.getByRole('list', { name: 'Available styles' }).getByRole('button')
		).toHaveText(['Artstation']);

		await page.getByRole('button', { name: 'Generate', exact: true }).click();
		await expect(page.getByRole('img', { name: FINAL }).first()).toBeVisible({ timeout: 20_000 });

		await navigate(page, 'Gallery');
		await page.getByRole('link', { name: FINAL }).first().click();
		const receipt = page.getByLabel('Image details and receipt');
		await expect(receipt.getByTestId('receipt-styles')).toHaveText('Cinematic, Artstation');
		await expect(receipt).toContainText('Typed prompt');

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Download' }).click()
		]);
		const file = (await download.path()) ?? '';

		// Remix: the typed prompt and both styles come back, in order; the preview matches the image.
		await page.getByRole('button', { name: 'Remix' }).click();
		await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('a red fox');
		await expect(
			page.getByRole('list', { name: 'Picked styles, in order' }).getByRole('listitem')
		).toHaveText([/Cinematic/, /Artstation/]);
		await expect(page.getByTestId('final-prompt')).toHaveText(FINAL);
		await page.getByRole('button', { name: 'Remove style Artstation' }).click();
		await expect(page.getByTestId('final-prompt')).toHaveText(
			'cinematic still of a red fox . film grain'
		);

		// The downloaded file read back on Generate: same typed prompt and styles.
		await page.getByRole('button', { name: 'Remove style Cinematic' }).click();
		await page.getByLabel('Prompt', { exact: true }).fill('something else');
		await page.getByLabel('Restore settings from an image…').setInputFiles(file);
		await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('a red fox');
		await expect(
			page.getByRole('list', { name: 'Picked styles, in order' }).getByRole('listitem')
		).toHaveText([/Cinematic/, /Artstation/]);
		await expect(
			page.getByText('Styles picked again: Cinematic, Artstation.').first()
		).toBeVisible();
	});

	test('a batch of 3 prompts × 2 styles × 2 counts and quotes 12 images, each style its own variant', async ({
		page
	}) => {
		await signUp(page);
		await createStyles(page);
		await navigate(page, 'Batch');
		await page.getByLabel('Prompts, one per line').fill('a fox\na lighthouse\na bowl of ramen');
		await page.getByLabel('Images per prompt').fill('2');
		const styles = page.getByRole('group', { name: 'Styles' });
		await styles.getByRole('button', { name: 'Cinematic', exact: true }).click();
		await styles.getByRole('button', { name: 'Artstation', exact: true }).click();
		await expect(page.getByTestId('batch-quote')).toContainText(
			'12 images · This batch: 12 credits'
		);
		await expect(page.getByTestId('batch-style-axis')).toHaveText(
			'3 prompts × 2 style variants → 12 images'
		);

		await page.getByLabel(/Stack them all/).check();
		await expect(page.getByTestId('batch-quote')).toContainText('6 images · This batch: 6 credits');
		await page.getByLabel(/Each style is its own variant/).check();

		await page.getByRole('button', { name: 'Start batch' }).click();
		await expect(page).toHaveURL(/\/queue$/);
		// Each image records the one style it was made in (the item's own parameters, through the relay).
		await navigate(page, 'Gallery');
		await page
			.getByRole('link', { name: 'a bowl of ramen, trending on artstation' })
			.first()
			.click({ timeout: 30_000 });
		await expect(page.getByTestId('receipt-styles')).toHaveText('Artstation');
		await page.keyboard.press('Escape');
		await page
			.getByRole('link', { name: 'cinematic still of a fox . film grain' })
			.first()
			.click({ timeout: 30_000 });
		await expect(page.getByTestId('receipt-styles')).toHaveText('Cinematic');
	});

	test('a Batch template never asks for a value of {prompt}', async ({ page }) => {
		await signUp(page);
		await navigate(page, 'Batch');
		await page.getByRole('radio', { name: 'Template' }).check();
		await page.getByRole('textbox', { name: 'Template' }).fill('stunning {prompt} of a {animal}');
		await expect(page.getByLabel('Values for {animal}, one per line')).toBeVisible();
		await expect(page.getByLabel('Values for {prompt}, one per line')).toHaveCount(0);
		await expect(page.getByRole('alert')).toContainText(
			'{prompt} marks where a style puts a prompt'
		);
	});
});
