import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, signUp, test } from './fixtures';

const PROMPT = 'a lighthouse for the viewer test';

/** Three images of one prompt with a fixed seed, ratio and negative prompt (demo provider). */
async function generateThree(page: Page): Promise<void> {
	await page.getByLabel('Model').selectOption('demo/sketch');
	await page.getByLabel('Aspect ratio').selectOption('4:3');
	await page.getByLabel('Count').selectOption('3');
	await page.getByLabel('Seed').fill('777');
	await page.getByLabel('Negative prompt').fill('no text, no boats');
	await page.getByLabel('Prompt', { exact: true }).fill(PROMPT);
	await page.getByRole('button', { name: 'Generate' }).click();
	await expect(page.getByRole('img', { name: PROMPT })).toHaveCount(3, { timeout: 20_000 });
}

test.describe('image viewer', () => {
	test('keyboard: next, previous, favourite, delete + Undo, Escape; the downloaded file restores its settings on Generate', async ({
		page
	}) => {
		await signUp(page);
		await generateThree(page);
		await page.getByRole('link', { name: 'Gallery' }).click();
		// As a person would: once all three tiles are there, open the newest (first) one.
		await expect(page.getByRole('link', { name: PROMPT })).toHaveCount(3);
		await page.getByRole('link', { name: PROMPT }).first().click();

		const viewer = page.getByRole('region', { name: 'Image viewer' });
		await expect(viewer.getByText('1 of 3')).toBeVisible();
		await page.keyboard.press('ArrowRight');
		await expect(viewer.getByText('2 of 3')).toBeVisible();
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowLeft');
		await expect(viewer.getByText('2 of 3')).toBeVisible();
		const second = page.url();

		const favourite = viewer.getByRole('button', { name: 'Favourite' });
		await favourite.focus();
		await page.keyboard.press('Enter');
		await expect(favourite).toHaveAttribute('aria-pressed', 'true');

		// Delete moves on to the next image; Undo brings this one back and shows it again.
		await viewer.getByRole('button', { name: 'Delete' }).focus();
		await page.keyboard.press('Enter');
		await expect(viewer.getByText('2 of 2')).toBeVisible();
		await expect(favourite).toHaveAttribute('aria-pressed', 'false');
		await page.getByRole('button', { name: 'Undo' }).click();
		await expect(viewer.getByText('2 of 3')).toBeVisible();
		await expect(favourite).toHaveAttribute('aria-pressed', 'true');
		expect(page.url()).toBe(second);

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			viewer.getByRole('button', { name: 'Download' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(
			/^nano-banana-\d{8}-\d{6}-a-lighthouse-for-the-viewer-test\.png$/
		);
		const bytes = readFileSync((await download.path()) ?? '');

		await page.keyboard.press('Escape');
		await expect(page).toHaveURL(/\/gallery$/);

		// A fresh form, then the file dropped on the Generate page brings the settings back.
		await page.getByRole('link', { name: 'Generate' }).click();
		await page.getByLabel('Model').selectOption('demo/fast');
		await page.getByLabel('Prompt', { exact: true }).fill('something else');
		const dataTransfer = await page.evaluateHandle((base64) => {
			const transfer = new DataTransfer();
			transfer.items.add(
				new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'downloaded.png', {
					type: 'image/png'
				})
			);
			return transfer;
		}, bytes.toString('base64'));
		await page.getByRole('main').dispatchEvent('drop', { dataTransfer });
		await expect(
			page.getByText('Settings restored from a Nano Banana Studio image.')
		).toBeVisible();
		await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue(PROMPT);
		await expect(page.getByLabel('Model')).toHaveValue('demo/sketch');
		await expect(page.getByLabel('Aspect ratio')).toHaveValue('4:3');
		await expect(page.getByLabel('Seed')).toHaveValue('777');
		await expect(page.getByLabel('Negative prompt')).toHaveValue('no text, no boats');
	});

	test('ZIP of selected images streams to the chosen file with provenance and a manifest', async ({
		page
	}) => {
		// The save picker writes to the origin-private file system: a real FileSystemWritableFileStream, readable afterwards.
		await page.addInitScript(() => {
			Object.assign(window, {
				showSaveFilePicker: async (options: { suggestedName: string }) => {
					(window as unknown as { savedZipName: string }).savedZipName = options.suggestedName;
					return (await navigator.storage.getDirectory()).getFileHandle('saved.zip', {
						create: true
					});
				}
			});
		});
		await signUp(page);
		await generateThree(page);
		await page.getByRole('link', { name: 'Gallery' }).click();
		const selects = page.getByRole('checkbox', { name: `Select “${PROMPT}”` });
		await selects.nth(0).check();
		await selects.nth(2).check();
		await page.getByRole('button', { name: 'Download 2 as ZIP' }).click();
		await expect(page.getByText('Saved 2 images as a ZIP.')).toBeVisible();

		const saved = await page.evaluate(async () => {
			const file = await (
				await (await navigator.storage.getDirectory()).getFileHandle('saved.zip')
			).getFile();
			return {
				name: (window as unknown as { savedZipName: string }).savedZipName,
				base64: btoa(
					Array.from(new Uint8Array(await file.arrayBuffer()), (b) => String.fromCharCode(b)).join(
						''
					)
				)
			};
		});
		expect(saved.name).toMatch(/^nano-banana-\d{8}-\d{4}-2-images\.zip$/);
		const files = unzipSync(Buffer.from(saved.base64, 'base64'));
		const names = Object.keys(files);
		expect(names).toHaveLength(4);
		expect(names.slice(2)).toEqual(['manifest.csv', 'manifest.json']);
		const manifest = JSON.parse(strFromU8(files['manifest.json']));
		expect(manifest.images).toHaveLength(2);
		for (const [index, entry] of manifest.images.entries()) {
			expect(entry).toMatchObject({
				file: names[index],
				prompt: PROMPT,
				model: 'demo/sketch',
				seed: 777,
				negativePrompt: 'no text, no boats',
				status: 'included',
				params: { aspectRatio: '4:3' }
			});
			// The provenance chunk is in each PNG.
			expect(strFromU8(files[names[index]].subarray(0, 2000), true)).toContain(
				'nano-banana-studio'
			);
		}
		expect(strFromU8(files['manifest.csv'])).toContain(
			`${names[0]},${PROMPT},"no text, no boats",demo/sketch,`
		);
	});
});
