// Import from disk against the real relay: files with AUTOMATIC1111 parameters, with our own
// provenance and with nothing; a non-image and a duplicate are reported, not imported; a folder
// import and a drop; the imports reach a second device through sync.
import { crc32 } from 'node:zlib';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FileChooser, Page } from '@playwright/test';
import { expect, navigate, signInOnNewDevice, signUp, test } from './fixtures';

/** A PNG tEXt chunk built byte by byte (independent of the app's writer). */
function tEXt(keyword: string, text: string): Buffer {
	const data = Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from(text, 'latin1')]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A real PNG of one colour with text chunks spliced in after IHDR, as other tools write them. */
async function png(
	colour: string,
	width: number,
	height: number,
	...chunks: Buffer[]
): Promise<Buffer> {
	const bytes = await sharp({ create: { width, height, channels: 3, background: colour } })
		.png()
		.toBuffer();
	const ihdrEnd = 8 + 12 + bytes.readUInt32BE(8);
	return Buffer.concat([bytes.subarray(0, ihdrEnd), ...chunks, bytes.subarray(ihdrEnd)]);
}

const A1111 =
	'a lighthouse at dusk, volumetric light\nNegative prompt: blurry\nSteps: 28, Sampler: Euler a, CFG scale: 7, Seed: 1234567, Size: 768x512, Model: sd_xl_base_1.0';
const OURS = JSON.stringify({
	format: 'nano-banana-studio/1',
	prompt: 'a paper boat on a puddle',
	negativePrompt: '',
	model: 'demo/sketch',
	params: { aspectRatio: '1:1', seed: 99 },
	seed: 99,
	sourceHashes: [],
	createdAt: '2026-01-02T03:04:05.000Z',
	price: 0,
	appVersion: '0.1.0'
});
const UNTITLED = 'Image without a prompt';

const tiles = (page: Page) => page.getByRole('region', { name: 'Images' }).getByRole('link');

async function choose(page: Page, button: string, files: Parameters<FileChooser['setFiles']>[0]) {
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: button }).click();
	await (await chooser).setFiles(files);
}

test.describe('gallery import', () => {
	test('imports files and a folder with their prompts, reports the rest, and syncs them to another device', async ({
		page,
		browser
	}) => {
		const email = await signUp(page);
		await navigate(page, 'Gallery');
		const plain = await sharp({
			create: { width: 300, height: 200, channels: 3, background: '#2a9d8f' }
		})
			.jpeg()
			.toBuffer();
		await choose(page, 'Import images', [
			{
				name: 'lighthouse.png',
				mimeType: 'image/png',
				buffer: await png('#e76f51', 96, 64, tEXt('parameters', A1111))
			},
			{
				name: 'boat.png',
				mimeType: 'image/png',
				buffer: await png('#264653', 64, 64, tEXt('nano-banana-studio', OURS))
			},
			{ name: 'plain.jpg', mimeType: 'image/jpeg', buffer: plain },
			{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') }
		]);

		const report = page.getByRole('region', { name: 'Import report' });
		await expect(report).toContainText('Imported 3 images.', { timeout: 20_000 });
		await expect(report).toContainText('1 file skipped:');
		await expect(report.getByRole('listitem')).toHaveText([
			'notes.txt — not a PNG, JPEG or WebP image'
		]);
		await expect(page.getByTestId('gallery-count')).toHaveText('3 images');
		await expect(tiles(page)).toHaveCount(3);
		const names = await tiles(page).evaluateAll((links) =>
			links.map((link) => link.getAttribute('aria-label')).sort()
		);
		expect(names).toEqual([
			UNTITLED,
			'a lighthouse at dusk, volumetric light',
			'a paper boat on a puddle'
		]);

		// The settings came along: searchable, and the receipt shows the model.
		await page.getByLabel('Search prompts').fill('lighthouse');
		await expect(tiles(page)).toHaveCount(1);
		await tiles(page).first().click();
		await expect(page.getByText('sd_xl_base_1.0')).toBeVisible();
		await page.goBack();
		await page.goto('/gallery');

		// A folder: the same JPEG again is a duplicate; a new image is imported.
		const folder = join(mkdtempSync(join(tmpdir(), 'nbs-import-')), 'holiday');
		mkdirSync(folder);
		writeFileSync(join(folder, 'again.jpg'), plain);
		writeFileSync(join(folder, 'sea.png'), await png('#8ecae6', 80, 60));
		await choose(page, 'Import a folder', folder);
		await expect(report).toContainText('Imported 1 image.', { timeout: 20_000 });
		await expect(report.getByRole('listitem')).toHaveText([
			'holiday/again.jpg — already in the gallery'
		]);
		await expect(page.getByTestId('gallery-count')).toHaveText('4 images');

		// A file dropped anywhere on the gallery.
		const dropped = (await png('#6d597a', 50, 70)).toString('base64');
		const transfer = await page.evaluateHandle((base64) => {
			const data = new DataTransfer();
			const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
			data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
			return data;
		}, dropped);
		await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
		await expect(page.getByText('Drop images or folders to import them')).toBeVisible();
		await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
		await expect(report).toContainText('Imported 1 image.', { timeout: 20_000 });
		await expect(page.getByTestId('gallery-count')).toHaveText('5 images');

		// Another device of the same person gets the imports, prompts included.
		const phone = await signInOnNewDevice(browser, email);
		await navigate(phone, 'Gallery');
		await expect(phone.getByTestId('gallery-count')).toHaveText('5 images', { timeout: 20_000 });
		await expect(phone.getByRole('link', { name: 'a paper boat on a puddle' })).toBeVisible();
		await phone.context().close();
	});
});
