import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { priceFor, PublicModelSchema } from '#shared/schemas/catalogue';
import { loadCatalogue } from './catalogue';

const ALL = new Set(['demo', 'openrouter', 'openai', 'ark', 'gemini']);

describe('loadCatalogue', () => {
	let dir: string;
	let counter = 0;
	const file = (content: unknown) => {
		const path = join(dir, `models-${++counter}.json`);
		writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
		return path;
	};

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'nbs-catalogue-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('lists the shipped demo and OpenRouter models with their prices when all providers are configured', () => {
		const sut = loadCatalogue({ configuredProviders: ALL });
		const ids = sut.list().map((m) => m.id);
		expect(ids).toEqual(
			expect.arrayContaining([
				'demo/sketch',
				'demo/fast',
				'google/gemini-2.5-flash-image',
				'google/gemini-3-pro-image-preview',
				'google/gemini-3.1-flash-image-preview'
			])
		);
		expect(sut.get('google/gemini-2.5-flash-image')).toMatchObject({
			label: 'Nano Banana',
			price: 4,
			provider: 'openrouter'
		});
		expect(sut.get('google/gemini-3-pro-image-preview')).toMatchObject({
			label: 'Nano Banana Pro',
			price: 14,
			priceVariants: [{ size: '4K', price: 24 }]
		});
		expect(sut.get('google/gemini-3.1-flash-image-preview')?.price).toBe(6);
		expect(sut.get('demo/sketch')).toMatchObject({
			price: 1,
			capabilities: { textToImage: true, imageToImage: true, maxSourceImages: 4, seed: true }
		});
		expect(sut.get('demo/sketch')?.capabilities.aspectRatios).toHaveLength(10);
	});

	it('lists only models of configured providers when some are missing', () => {
		const sut = loadCatalogue({ configuredProviders: new Set(['demo']) });
		expect(sut.list().every((m) => m.provider === 'demo')).toBe(true);
		expect(sut.list().length).toBeGreaterThanOrEqual(2);
		expect(sut.get('google/gemini-2.5-flash-image')).toBeUndefined();
	});

	it('leaves the upstream id out when a model is made public', () => {
		const sut = loadCatalogue({ configuredProviders: ALL });
		for (const model of sut.list()) {
			const open = sut.toPublic(model);
			expect(open).not.toHaveProperty('upstreamId');
			expect(PublicModelSchema.parse(open)).toEqual(open);
		}
	});

	it('overrides fields by id, merging capabilities, when MODELS_FILE names an existing model', () => {
		const modelsFile = file({
			models: [{ id: 'demo/sketch', price: 3, capabilities: { maxSourceImages: 2 } }]
		});
		const model = loadCatalogue({ modelsFile, configuredProviders: ALL }).get('demo/sketch');
		expect(model?.price).toBe(3);
		expect(model?.capabilities.maxSourceImages).toBe(2);
		expect(model?.capabilities.imageToImage).toBe(true);
		expect(model?.label).toBe('Demo sketch');
	});

	it('adds a model when MODELS_FILE has a new id, as a bare array', () => {
		const modelsFile = file([
			{
				id: 'flux/pro',
				label: 'Flux Pro',
				provider: 'openrouter',
				upstreamId: 'black-forest-labs/flux.2-pro',
				price: 5,
				capabilities: {
					textToImage: true,
					imageToImage: false,
					maxSourceImages: 0,
					aspectRatios: ['1:1']
				}
			}
		]);
		const sut = loadCatalogue({ modelsFile, configuredProviders: ALL });
		expect(sut.get('flux/pro')).toMatchObject({
			upstreamId: 'black-forest-labs/flux.2-pro',
			capabilities: { sizes: [], seed: false }
		});
		expect(sut.list().at(-1)?.id).toBe('flux/pro');
	});

	it('drops a model when MODELS_FILE sets enabled false', () => {
		const modelsFile = file({ models: [{ id: 'demo/fast', enabled: false }] });
		const sut = loadCatalogue({ modelsFile, configuredProviders: ALL });
		expect(sut.get('demo/fast')).toBeUndefined();
		expect(sut.list().map((m) => m.id)).not.toContain('demo/fast');
	});

	it('throws an error naming the entry when a model is invalid', () => {
		const modelsFile = file({
			models: [{ id: 'demo/sketch' }, { id: 'broken/model', label: 'Broken', provider: 'nope' }]
		});
		expect(() => loadCatalogue({ modelsFile, configuredProviders: ALL })).toThrow(
			/entry 1 \(model "broken\/model"\) is invalid: .*provider/
		);
	});

	it('throws naming the key when an override has a typo', () => {
		const modelsFile = file({ models: [{ id: 'demo/sketch', prize: 2 }] });
		expect(() => loadCatalogue({ modelsFile, configuredProviders: ALL })).toThrow(
			/demo\/sketch.*prize/
		);
	});

	it('throws a readable error when MODELS_FILE is missing, not JSON or has no id', () => {
		expect(() =>
			loadCatalogue({ modelsFile: join(dir, 'absent.json'), configuredProviders: ALL })
		).toThrow(/cannot read the file \(ENOENT\)/);
		expect(() => loadCatalogue({ modelsFile: file('{ nope'), configuredProviders: ALL })).toThrow(
			/not valid JSON/
		);
		expect(() =>
			loadCatalogue({ modelsFile: file({ models: [{ label: 'x' }] }), configuredProviders: ALL })
		).toThrow(/entry 0 needs a string "id"/);
		expect(() =>
			loadCatalogue({ modelsFile: file({ nope: [] }), configuredProviders: ALL })
		).toThrow(/expected \{ "models"/);
	});

	it('gives Gemini models text output and image-only models none', () => {
		const sut = loadCatalogue({ configuredProviders: ALL });
		expect(sut.get('google/gemini-2.5-flash-image')?.capabilities.textOutput).toBe(true);
		expect(sut.get('gemini/gemini-2.5-flash-image')?.capabilities.textOutput).toBe(true);
		expect(sut.get('openai/gpt-image-1')?.capabilities.textOutput).toBe(false);
	});

	it('prices a request by the first matching size or quality variant, else the base price', () => {
		const sut = loadCatalogue({ configuredProviders: ALL });
		const gpt = sut.get('openai/gpt-image-1')!;
		expect([
			priceFor(gpt, {}),
			priceFor(gpt, { quality: 'low' }),
			priceFor(gpt, { quality: 'medium' }),
			priceFor(gpt, { quality: 'high' })
		]).toEqual([25, 2, 7, 25]);
		const sketch = sut.get('demo/sketch')!;
		expect([
			priceFor(sketch, {}),
			priceFor(sketch, { size: '1K' }),
			priceFor(sketch, { size: '2K' })
		]).toEqual([1, 1, 2]);
	});

	it('throws when a price variant names a size or quality the model does not take', () => {
		const badSize = file([{ id: 'demo/fast', priceVariants: [{ size: '8K', price: 9 }] }]);
		expect(() => loadCatalogue({ modelsFile: badSize, configuredProviders: ALL })).toThrow(
			/demo\/fast.*priceVariants\.0\.size: "8K" is not one of capabilities\.sizes/
		);
		const badQuality = file([{ id: 'demo/fast', priceVariants: [{ quality: 'ultra', price: 9 }] }]);
		expect(() => loadCatalogue({ modelsFile: badQuality, configuredProviders: ALL })).toThrow(
			/"ultra" is not one of capabilities\.qualities/
		);
	});

	it('throws when a text-only model is given a strength range, or a range is upside down', () => {
		const textOnly = file([
			{ id: 'demo/fast', capabilities: { strength: { min: 0, max: 1, step: 0.1, default: 0.5 } } }
		]);
		expect(() => loadCatalogue({ modelsFile: textOnly, configuredProviders: ALL })).toThrow(
			/strength needs imageToImage/
		);
		const upsideDown = file([
			{
				id: 'demo/sketch',
				capabilities: { strength: { min: 0.8, max: 0.2, step: 0.1, default: 0.5 } }
			}
		]);
		expect(() => loadCatalogue({ modelsFile: upsideDown, configuredProviders: ALL })).toThrow(
			/min < max/
		);
	});

	it('throws when MODELS_FILE repeats an id', () => {
		const modelsFile = file([
			{ id: 'demo/sketch', price: 2 },
			{ id: 'demo/sketch', price: 3 }
		]);
		expect(() => loadCatalogue({ modelsFile, configuredProviders: ALL })).toThrow(
			/repeats the id "demo\/sketch"/
		);
	});
});
