import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from '../db/database';
import { createJob } from '../db/job.repository';
import { quote } from '../queue/progress';
import { deleteTestDB, makeTestDB } from '../testing/factories';
import { styledBatchItems, styledImageCount, styleVariants } from './batch-variants';
import { ARTSTATION, CINEMATIC } from './fixtures.test-data';
import type { TypedRequest } from './submission';

const PROMPTS = [
	{ prompt: 'a red fox', count: 2 },
	{ prompt: 'a lighthouse', count: 2 },
	{ prompt: 'a bowl of ramen', count: 2 }
];
const params = { aspectRatio: '1:1' as const, negativePrompt: 'text' };
const typed = (prompt: string): TypedRequest => ({
	prompt,
	negativePrompt: 'text',
	params,
	supportsNegativePrompt: true
});

describe('styles as a batch axis', () => {
	let db: StudioDB;
	beforeEach(() => {
		db = makeTestDB();
	});
	afterEach(() => deleteTestDB(db));

	it('makes 3 prompts × 2 styles × 2 = 12 items, each style once per prompt, and quotes 12 × the price', async () => {
		const variants = styleVariants([CINEMATIC, ARTSTATION], 'each');
		const sut = styledBatchItems(PROMPTS, variants, typed);

		expect(styledImageCount(PROMPTS, variants)).toBe(12);
		expect(sut).toHaveLength(12);
		expect(quote(styledImageCount(PROMPTS, variants), 3, 0, 100)).toMatchObject({
			cost: 36,
			covered: true
		});
		// Prompt by prompt, each style's images together, never stacked.
		expect(sut.slice(0, 4).map((item) => item.params?.styles?.map((s) => s.name))).toEqual([
			['Cinematic'],
			['Cinematic'],
			['Artstation'],
			['Artstation']
		]);
		expect(sut[0]).toEqual({
			prompt: 'cinematic still of a red fox . shallow depth of field, film grain',
			params: {
				aspectRatio: '1:1',
				negativePrompt: 'text, cartoon, painting, blurry',
				styles: [{ name: 'Cinematic', promptId: 'p-cine' }],
				typedPrompt: 'a red fox'
			}
		});
		expect(sut[11]).toMatchObject({
			prompt: 'a bowl of ramen, trending on artstation, highly detailed',
			params: { negativePrompt: 'text, blurry, lowres', typedPrompt: 'a bowl of ramen' }
		});

		// Stored as one job whose items keep their own style and negative prompt.
		const { items } = await createJob(db, {
			kind: 'prompts',
			name: 'foxes',
			model: 'demo/sketch',
			params,
			concurrency: 2,
			items: sut
		});
		expect(items).toHaveLength(12);
		expect(items[2].params).toMatchObject({
			negativePrompt: 'text, blurry, lowres',
			styles: [{ name: 'Artstation', presetId: 's-art' }]
		});
	});

	it('stacks every style into one variant when asked', () => {
		const variants = styleVariants([CINEMATIC, ARTSTATION], 'stack');
		const sut = styledBatchItems(PROMPTS, variants, typed);
		expect(sut).toHaveLength(6);
		expect(sut[0].params?.styles?.map((s) => s.name)).toEqual(['Cinematic', 'Artstation']);
	});

	it('leaves items without styles to the job’s parameters', async () => {
		const sut = styledBatchItems(PROMPTS, styleVariants([], 'each'), typed);
		expect(sut).toHaveLength(6);
		expect(sut[0]).toEqual({ prompt: 'a red fox' });
		const { items } = await createJob(db, {
			kind: 'prompts',
			name: 'plain',
			model: 'demo/sketch',
			params,
			concurrency: 2,
			items: sut
		});
		expect(items[0].params).toEqual(params);
	});
});
