import sharp from 'sharp';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProvenance } from '../provenance/read';
import type { ImageRow } from '../shared/schemas/rows';
import { zipImages, type ZipProgress } from './zip-images';

function makeImage(n: number, overrides: Partial<ImageRow> = {}): ImageRow {
	return {
		id: `id-${n}`,
		generationId: null,
		outputIndex: 0,
		sha256: String(n).padStart(64, '0'),
		thumbSha256: 'c'.repeat(64),
		width: 8,
		height: 8,
		mime: 'image/png',
		bytes: 0,
		model: 'demo/fast',
		prompt: `picture ${n}`,
		params: { aspectRatio: '1:1', seed: n },
		sourceHashes: [],
		price: 1,
		providerRequestId: null,
		favourite: false,
		rating: 0,
		discardedAt: null,
		createdAt: Date.UTC(2026, 0, 1, 12, 0, n),
		updatedAt: 0,
		deletedAt: null,
		...overrides
	};
}

const png = sharp({ create: { width: 8, height: 8, channels: 3, background: '#884422' } })
	.png()
	.toBuffer()
	.then((b) => new Uint8Array(b));

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('zipImages', () => {
	it('zips originals with provenance plus a manifest in CSV and JSON, marking missing originals', async () => {
		const bytes = await png;
		const images = [
			makeImage(1),
			makeImage(2, { prompt: '=SUM(A1), "quoted"\n二行' }),
			makeImage(3),
			makeImage(4, { prompt: 'picture 1', createdAt: makeImage(1).createdAt })
		];
		const progress: ZipProgress[] = [];
		const sut = zipImages({
			images,
			loadOriginal: async (image) => (image.id === 'id-3' ? undefined : bytes),
			onProgress: (p) => progress.push(p),
			appVersion: '1.2.3',
			now: () => Date.UTC(2026, 5, 1)
		});

		const files = unzipSync(await collect(sut));
		const names = Object.keys(files);
		expect(names).toHaveLength(5);
		expect(names.at(-2)).toBe('manifest.csv');
		expect(names.at(-1)).toBe('manifest.json');
		const pictures = names.filter((n) => n.endsWith('.png'));
		expect(new Set(pictures).size).toBe(3); // same second and prompt: the second name gets "-2"
		expect(pictures.some((n) => n.endsWith('-2.png'))).toBe(true);
		expect((await readProvenance(files[pictures[1]]))?.prompt).toBe('=SUM(A1), "quoted"\n二行');
		expect((await readProvenance(files[pictures[0]]))?.params.seed).toBe(1);

		const manifest = JSON.parse(strFromU8(files['manifest.json']));
		expect(manifest.app).toBe('Nano Banana Studio 1.2.3');
		expect(
			manifest.images.map((e: { file: string; status: string }) => [e.file, e.status])
		).toEqual([
			[pictures[0], 'included'],
			[pictures[1], 'included'],
			['', 'missing'],
			[pictures[2], 'included']
		]);
		expect(manifest.images[1]).toMatchObject({
			prompt: '=SUM(A1), "quoted"\n二行',
			model: 'demo/fast',
			seed: 2,
			price: 1,
			params: { aspectRatio: '1:1', seed: 2 },
			createdAt: '2026-01-01T12:00:02.000Z'
		});

		expect([...files['manifest.csv'].subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM for spreadsheet apps
		const csv = strFromU8(files['manifest.csv']);
		expect(
			csv
				.replace(/^\uFEFF/, '')
				.startsWith(
					'file,prompt,negative_prompt,model,params,seed,created_at,price,sha256,status\r\n'
				)
		).toBe(true);
		expect(csv).toContain(
			`${pictures[1]},"'=SUM(A1), ""quoted""\n二行",,demo/fast,"{""aspectRatio"":""1:1"",""seed"":2}",2,2026-01-01T12:00:02.000Z,1,`
		);
		expect(csv.trim().split('\r\n')).toHaveLength(5);
		expect(progress.at(-1)).toMatchObject({ done: 4, total: 4, missing: 1 });
	});

	it('loads originals only as the reader pulls, a few ahead', async () => {
		const bytes = await png;
		let loaded = 0;
		const images = Array.from({ length: 50 }, (_, i) => makeImage(i));
		const reader = zipImages({
			images,
			lookahead: 2,
			loadOriginal: async () => (loaded++, bytes)
		}).getReader();
		await reader.read();
		await new Promise((r) => setTimeout(r, 20));
		expect(loaded).toBeLessThanOrEqual(4);
		// client-zip rethrows the cancel reason from its source; only the stop matters here.
		await reader.cancel(new Error('enough')).catch(() => undefined);
	});

	it('stops with the abort reason when cancelled', async () => {
		const bytes = await png;
		const controller = new AbortController();
		const images = Array.from({ length: 20 }, (_, i) => makeImage(i));
		const sut = zipImages({
			images,
			signal: controller.signal,
			loadOriginal: async () => bytes,
			onProgress: (p) => p.done === 3 && controller.abort()
		});
		await expect(collect(sut)).rejects.toMatchObject({ name: 'AbortError' });
	});
});
