// The batch queue against the real relay whose demo provider takes ~2.5 s per image (project
// `queue` in playwright.config.ts), so the browser can go offline and reload mid-run.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { chargesById, creditBalance, expect, ledger, signUp, test } from './fixtures';

/** A small valid PNG of one colour (the relay checks the bytes with sharp). */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3])]);
	const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
	return Buffer.concat([
		Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
		chunk('IHDR', header),
		chunk('IDAT', pixels),
		chunk('IEND', Buffer.alloc(0))
	]);
}

async function startPromptBatch(
	page: Page,
	name: string,
	prompts: string[],
	count: number,
	concurrency: number
): Promise<void> {
	await page.getByRole('link', { name: 'Batch', exact: true }).click();
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Prompts, one per line').fill(prompts.join('\n'));
	await page.getByLabel('Model').selectOption('demo/sketch');
	await page.getByLabel('Images per prompt').fill(String(count));
	await page.getByLabel('At once').fill(String(concurrency));
	await expect(page.getByTestId('batch-quote')).toContainText(`${prompts.length * count} images`);
	await page.getByRole('button', { name: 'Start batch' }).click();
	await expect(page).toHaveURL(/\/queue$/);
}

const job = (page: Page, name: string) =>
	page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });

test.describe('batch queue', () => {
	test('3 prompts × 2 survive going offline and a reload: 6 images, 6 charges, one per item', async ({
		page,
		context
	}) => {
		await signUp(page);
		await expect.poll(() => creditBalance(page)).toBe(20);
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

		await startPromptBatch(
			page,
			'Offline run',
			['a red fox', 'a blue whale', 'a green frog'],
			2,
			2
		);
		const card = job(page, 'Offline run');
		await expect(card.getByText('Generating').first()).toBeVisible({ timeout: 15_000 });
		await expect(page.getByTestId('queue-status')).toContainText('Queue: 0/6 done');
		await expect(page).toHaveTitle(/^\(\d\/6\) Queue/);

		// Mid-run: the connection drops and the page reloads from the service worker.
		await context.setOffline(true);
		await page.reload();
		await expect(page.getByText('Offline: the queue waits')).toBeVisible();
		await expect(page.getByTestId('queue-status')).toContainText('waiting for connection');
		await page.waitForTimeout(3_000);

		await context.setOffline(false);
		await expect(job(page, 'Offline run').getByTestId('job-progress')).toContainText(
			'6 done · 0 failed · 6 total',
			{ timeout: 45_000 }
		);
		await expect(job(page, 'Offline run').getByRole('link')).toHaveCount(6); // six thumbnails
		await expect.poll(() => creditBalance(page)).toBe(14);

		const entries = await ledger(page);
		const charges = chargesById(entries);
		expect(charges.size).toBe(6);
		expect([...charges.values()].every((n) => n === 1)).toBe(true);
		expect(entries.filter((e) => e.kind === 'refund')).toHaveLength(0);

		await page.getByRole('link', { name: 'Gallery' }).click();
		await expect(page.getByTestId('gallery-count')).toHaveText('6 images');
	});

	test('two tabs: one runs the queue, closing it hands over without duplicates', async ({
		page,
		context
	}) => {
		await signUp(page);
		await page.getByRole('link', { name: 'Queue', exact: true }).click();
		await expect(page.getByTestId('queue-leader')).toHaveText('This tab runs the queue.');
		const second = await context.newPage();
		await second.goto('/queue');
		await expect(second.getByTestId('queue-leader')).toHaveText(
			'Another tab runs the queue; this one shows its progress.'
		);

		await startPromptBatch(page, 'Hand-over', ['one', 'two', 'three', 'four'], 1, 1);
		// The follower sees the leader's progress through Dexie.
		await expect(job(second, 'Hand-over').getByTestId('job-progress')).toContainText('1 done', {
			timeout: 20_000
		});
		await page.close();

		await expect(second.getByTestId('queue-leader')).toHaveText('This tab runs the queue.', {
			timeout: 10_000
		});
		await expect(job(second, 'Hand-over').getByTestId('job-progress')).toContainText(
			'4 done · 0 failed · 4 total',
			{ timeout: 45_000 }
		);
		const charges = chargesById(await ledger(second));
		expect(charges.size).toBe(4);
		expect([...charges.values()].every((n) => n === 1)).toBe(true);
		await second.reload();
		await expect.poll(() => creditBalance(second)).toBe(16);
	});

	test('a folder of three images keeps each file name on its output', async ({ page }) => {
		const folder = join(mkdtempSync(join(tmpdir(), 'nbs-folder-')), 'holiday');
		mkdirSync(folder);
		writeFileSync(join(folder, 'beach.png'), png(32, 24, [240, 200, 80]));
		writeFileSync(join(folder, 'forest.png'), png(24, 32, [30, 140, 60]));
		writeFileSync(join(folder, 'harbour.png'), png(32, 32, [40, 90, 200]));
		writeFileSync(join(folder, 'forest.txt'), 'a misty forest, oil painting');

		await signUp(page);
		await page.getByRole('link', { name: 'Batch', exact: true }).click();
		await page.getByLabel('Images', { exact: true }).check();
		await page.getByLabel('Choose a folder').setInputFiles(folder);
		await expect(page.getByText('3 images').first()).toBeVisible();
		await page.getByLabel('Prompt for every image').fill('as a watercolour postcard');
		await page.getByLabel('Name', { exact: true }).fill('Holiday');
		await page.getByLabel('At once').fill('3');
		await page.getByRole('button', { name: 'Start batch' }).click();

		const card = job(page, 'Holiday');
		await expect(card.getByTestId('job-progress')).toContainText('3 done · 0 failed · 3 total', {
			timeout: 45_000
		});
		for (const name of ['beach.png', 'forest.png', 'harbour.png'])
			await expect(card.getByRole('link', { name })).toBeVisible();
		const download = page.waitForEvent('download');
		await card.getByRole('button', { name: 'Download forest.png' }).click();
		expect((await download).suggestedFilename()).toBe('forest.png');
	});
});
