import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../shared/schemas/rows';
import { resolveApplied, styleFromPrompt } from '../styles/style-sources';
import { formatA1111Parameters, parseA1111Parameters } from './a1111';
import { readProvenance } from './read';
import { provenanceOf } from './record';
import { writeProvenance } from './write';

const STYLES = [
	{ name: 'Cinematic', promptId: 'p-cine' },
	{ name: 'Neon, night', presetId: 's-neon' }
];
const styledImage = {
	id: '0192f000-0000-7000-8000-000000000009',
	generationId: 'g9',
	outputIndex: 0,
	sha256: 'b'.repeat(64),
	thumbSha256: 'c'.repeat(64),
	width: 64,
	height: 64,
	mime: 'image/png',
	bytes: 100,
	model: 'demo/sketch',
	prompt: 'neon night, cinematic still of 一只红狐狸 . film grain',
	params: {
		aspectRatio: '1:1',
		negativePrompt: 'text, cartoon',
		styles: STYLES,
		typedPrompt: '一只红狐狸'
	},
	sourceHashes: [],
	price: 1,
	providerRequestId: null,
	favourite: false,
	rating: 0,
	discardedAt: null,
	createdAt: Date.UTC(2026, 11, 1),
	updatedAt: 0,
	deletedAt: null
} as ImageRow;

const png = () =>
	sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 10, g: 90, b: 200 } } })
		.png()
		.toBuffer()
		.then((b) => new Uint8Array(b));
const jpeg = () =>
	sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 10, g: 90, b: 200 } } })
		.jpeg()
		.toBuffer()
		.then((b) => new Uint8Array(b));

describe('provenance with styles', () => {
	it('writes the final prompt, the styles and the typed prompt, and reads them back from PNG and JPEG', async () => {
		for (const bytes of [await png(), await jpeg()]) {
			const sut = await readProvenance(writeProvenance(bytes, provenanceOf(styledImage)));
			expect(sut).toMatchObject({
				prompt: styledImage.prompt,
				negativePrompt: 'text, cartoon',
				params: { styles: STYLES, typedPrompt: '一只红狐狸' }
			});
		}
	});

	it('names the styles in the A1111 parameters after the final prompt, which other tools show as is', () => {
		const text = formatA1111Parameters(provenanceOf(styledImage, '1.0.0'));
		expect(text.split('\n')[0]).toBe(styledImage.prompt);
		expect(text).toContain('Styles: "Cinematic, Neon, night"');
		// Read by a tool that knows nothing of our styles: the final prompt, nothing lost.
		expect(parseA1111Parameters(text)).toMatchObject({
			prompt: styledImage.prompt,
			negativePrompt: 'text, cartoon'
		});
	});

	it('re-picks the recorded styles that still exist from what the file says', async () => {
		const settings = (await readProvenance(
			writeProvenance(await png(), provenanceOf(styledImage))
		))!;
		const available = [
			styleFromPrompt({
				id: 'p-cine',
				title: 'Cinematic',
				text: 'cinematic still of {prompt} . film grain',
				negativePrompt: 'cartoon'
			}),
			{
				key: 'preset:s-neon',
				presetId: 's-neon',
				name: 'Neon, night',
				text: 'neon night, {prompt}',
				negativePrompt: ''
			}
		];
		expect(resolveApplied(settings.params.styles ?? [], available)?.map((s) => s.key)).toEqual([
			'prompt:p-cine',
			'preset:s-neon'
		]);
		expect(resolveApplied(settings.params.styles ?? [], available.slice(0, 1))).toBeNull();
	});
});
