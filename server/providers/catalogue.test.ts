import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicModelSchema } from '#shared/schemas/catalogue';
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
		expect(ids).toEqual(expect.arrayContaining(['demo/sketch', 'demo/fast', 'google/gemini-2.5-flash-image', 'google/gemini-3-pro-image-preview', 'google/gemini-3.1-flash-image-preview']));
		expect(sut.get('google/gemini-2.5-flash-image')).toMatchObject({ label: 'Nano Banana', price: 4, provider: 'openrouter' });
		expect(sut.get('google/gemini-3-pro-image-preview')).toMatchObject({ label: 'Nano Banana Pro', price: 10 });
		expect(sut.get('google/gemini-3.1-flash-image-preview')?.price).toBe(6);
		expect(sut.get('demo/sketch')).toMatchObject({ price: 1, capabilities: { textToImage: true, imageToImage: true, maxSourceImages: 4, seed: true } });
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
		const modelsFile = file({ models: [{ id: 'demo/sketch', price: 3, capabilities: { maxSourceImages: 2 } }] });
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
				capabilities: { textToImage: true, imageToImage: false, maxSourceImages: 0, aspectRatios: ['1:1'] }
			}
		]);
		const sut = loadCatalogue({ modelsFile, configuredProviders: ALL });
		expect(sut.get('flux/pro')).toMatchObject({ upstreamId: 'black-forest-labs/flux.2-pro', capabilities: { sizes: [], seed: false } });
		expect(sut.list().at(-1)?.id).toBe('flux/pro');
	});

	it('drops a model when MODELS_FILE sets enabled false', () => {
		const modelsFile = file({ models: [{ id: 'demo/fast', enabled: false }] });
		const sut = loadCatalogue({ modelsFile, configuredProviders: ALL });
		expect(sut.get('demo/fast')).toBeUndefined();
		expect(sut.list().map((m) => m.id)).not.toContain('demo/fast');
	});

	it('throws an error naming the entry when a model is invalid', () => {
		const modelsFile = file({ models: [{ id: 'demo/sketch' }, { id: 'broken/model', label: 'Broken', provider: 'nope' }] });
		expect(() => loadCatalogue({ modelsFile, configuredProviders: ALL })).toThrow(/entry 1 \(model "broken\/model"\) is invalid: .*provider/);
	});

	it('throws naming the key when an override has a typo', () => {
		const modelsFile = file({ models: [{ id: 'demo/sketch', prize: 2 }] });
		expect(() => loadCatalogue({ modelsFile, configuredProviders: ALL })).toThrow(/demo\/sketch.*prize/);
	});

	it('throws a readable error when MODELS_FILE is missing, not JSON or has no id', () => {
		expect(() => loadCatalogue({ modelsFile: join(dir, 'absent.json'), configuredProviders: ALL })).toThrow(/cannot read the file \(ENOENT\)/);
		expect(() => loadCatalogue({ modelsFile: file('{ nope'), configuredProviders: ALL })).toThrow(/not valid JSON/);
		expect(() => loadCatalogue({ modelsFile: file({ models: [{ label: 'x' }] }), configuredProviders: ALL })).toThrow(/entry 0 needs a string "id"/);
		expect(() => loadCatalogue({ modelsFile: file({ nope: [] }), configuredProviders: ALL })).toThrow(/expected \{ "models"/);
	});

	it('throws when MODELS_FILE repeats an id', () => {
		const modelsFile = file([{ id: 'demo/sketch', price: 2 }, { id: 'demo/sketch', price: 3 }]);
		expect(() => loadCatalogue({ modelsFile, configuredProviders: ALL })).toThrow(/repeats the id "demo\/sketch"/);
	});
});
