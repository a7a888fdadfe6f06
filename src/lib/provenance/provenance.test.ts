import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../shared/schemas/rows';
import { readProvenance } from './read';
import { provenanceOf } from './record';
import { writeProvenance } from './write';

const SOURCE = 'a'.repeat(64);

function makeImage(overrides: Partial<ImageRow> = {}): ImageRow {
	return {
		id: '0192f000-0000-7000-8000-000000000001',
		generationId: 'g1',
		outputIndex: 0,
		sha256: 'b'.repeat(64),
		thumbSha256: 'c'.repeat(64),
		width: 64,
		height: 48,
		mime: 'image/png',
		bytes: 100,
		model: 'demo/sketch',
		prompt: '山间小屋, at dusk: "quiet"',
		params: {
			aspectRatio: '4:3',
			seed: 4242,
			negativePrompt: 'no text, no people',
			size: '2K',
			strength: 0.35
		},
		sourceHashes: [SOURCE],
		price: 2,
		providerRequestId: null,
		favourite: false,
		rating: 0,
		discardedAt: null,
		createdAt: Date.UTC(2026, 10, 24, 16, 22, 33),
		updatedAt: 0,
		deletedAt: null,
		...overrides
	};
}

const image = (format: 'png' | 'jpeg' | 'webp') =>
	sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
		[format]()
		.toBuffer()
		.then((b) => new Uint8Array(b));

/** An independent walk over the chunks, checking every CRC with Node's zlib. */
function pngChunksChecked(bytes: Uint8Array): { type: string; crcOk: boolean }[] {
	const view = Buffer.from(bytes);
	const out: { type: string; crcOk: boolean }[] = [];
	for (let offset = 8; offset < view.length;) {
		const length = view.readUInt32BE(offset);
		const typeAndData = view.subarray(offset + 4, offset + 8 + length);
		out.push({
			type: typeAndData.subarray(0, 4).toString('latin1'),
			crcOk: crc32(typeAndData) === view.readUInt32BE(offset + 8 + length)
		});
		offset += 12 + length;
	}
	return out;
}

describe('writeProvenance', () => {
	it('writes PNG text chunks with valid CRCs that another decoder reads', async () => {
		const record = provenanceOf(makeImage(), '9.9.9');
		const sut = writeProvenance(await image('png'), record);

		const chunks = pngChunksChecked(sut);
		expect(chunks.every((chunk) => chunk.crcOk)).toBe(true);
		expect(chunks.map((chunk) => chunk.type).slice(0, 3)).toEqual(['IHDR', 'iTXt', 'iTXt']);
		const meta = await sharp(sut).metadata();
		expect(meta.width).toBe(64);
		const comments = new Map(meta.comments?.map((c) => [c.keyword, c.text]));
		expect(comments.get('parameters')).toBe(
			'山间小屋, at dusk: "quiet"\nNegative prompt: no text, no people\nSeed: 4242, Size: 64x48, Model: demo/sketch, Aspect ratio: "4:3", Resolution: 2K, Denoising strength: 0.35, Version: Nano Banana Studio 9.9.9'
		);
		const json = JSON.parse(comments.get('nano-banana-studio') ?? '{}');
		expect(json).toMatchObject({
			prompt: record.prompt,
			negativePrompt: 'no text, no people',
			model: 'demo/sketch',
			seed: 4242,
			sourceHashes: [SOURCE],
			price: 2,
			appVersion: '9.9.9',
			createdAt: '2026-11-24T16:22:33.000Z'
		});
	});

	it('uses Latin-1 tEXt when the text allows, and replaces its own chunks when written twice', async () => {
		const record = provenanceOf(
			makeImage({ prompt: 'a lighthouse', params: { aspectRatio: '1:1' } })
		);
		const once = writeProvenance(await image('png'), record);
		const sut = writeProvenance(once, { ...record, prompt: 'a harbour' });
		const types = pngChunksChecked(sut).map((c) => c.type);
		expect(types.filter((t) => t === 'tEXt')).toHaveLength(2);
		expect((await readProvenance(sut))?.prompt).toBe('a harbour');
	});

	it.each(['jpeg', 'webp'] as const)(
		'writes XMP into %s that another decoder reads',
		async (format) => {
			const sut = writeProvenance(await image(format), provenanceOf(makeImage()));
			const meta = await sharp(sut).metadata();
			expect(meta.format).toBe(format);
			expect(meta.width).toBe(64);
			const xmp = meta.xmp?.toString('utf8') ?? '';
			expect(xmp).toContain(
				'<rdf:li xml:lang="x-default">山间小屋, at dusk: &quot;quiet&quot;</rdf:li>'
			);
			expect(xmp).toContain('xmp:CreatorTool="Nano Banana Studio');
			// Still decodes to the same pixels' size.
			expect((await sharp(sut).raw().toBuffer({ resolveWithObject: true })).info.height).toBe(48);
		}
	);

	it('returns other types unchanged', () => {
		const gif = new TextEncoder().encode('GIF89a....');
		expect(writeProvenance(gif, provenanceOf(makeImage()))).toBe(gif);
	});
});

describe('readProvenance', () => {
	it.each(['png', 'jpeg', 'webp'] as const)(
		'gives back the settings written into a %s',
		async (format) => {
			const sut = await readProvenance(
				writeProvenance(await image(format), provenanceOf(makeImage()))
			);
			expect(sut).toEqual({
				origin: 'nano-banana-studio',
				prompt: '山间小屋, at dusk: "quiet"',
				negativePrompt: 'no text, no people',
				model: 'demo/sketch',
				params: {
					aspectRatio: '4:3',
					seed: 4242,
					negativePrompt: 'no text, no people',
					size: '2K',
					strength: 0.35
				},
				sourceHashes: [SOURCE]
			});
		}
	);

	it('gives null for a file without metadata, and for bytes that are not an image', async () => {
		expect(await readProvenance(await image('png'))).toBeNull();
		expect(await readProvenance(await image('jpeg'))).toBeNull();
		expect(await readProvenance(new TextEncoder().encode('not an image'))).toBeNull();
	});

	it('gives null for a PNG whose chunk CRC is damaged', async () => {
		const bytes = writeProvenance(await image('png'), provenanceOf(makeImage()));
		bytes[40] ^= 0xff; // inside the first text chunk
		expect(await readProvenance(bytes)).toBeNull();
	});
});
