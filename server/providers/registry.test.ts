import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { FAKE_PROVIDER_KEY, startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { liveSignal, makeImageRequest } from '../testing/fake-provider-kit';
import { createProviderRegistry } from './registry';

describe('createProviderRegistry', () => {
	let fake: FakeProvider;

	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());

	it('turns on only the demo when no key is set and DEMO_PROVIDER is auto', () => {
		const sut = createProviderRegistry({ env: parseEnv({}) });
		expect(sut.configured).toEqual(['demo']);
		expect([...sut.providers.keys()]).toEqual(['demo']);
		expect(sut.catalogue.list().every((m) => m.provider === 'demo')).toBe(true);
	});

	it('turns the demo off and both OpenRouter modes on when only an OpenRouter key is set', () => {
		const sut = createProviderRegistry({ env: parseEnv({ OPENROUTER_API_KEY: 'sk-or-test' }) });
		expect(sut.configured).toEqual(['openrouter', 'openrouter-images']);
		expect(sut.catalogue.get('demo/sketch')).toBeUndefined();
		expect(sut.catalogue.get('google/gemini-2.5-flash-image')?.provider).toBe('openrouter');
		expect(sut.providers.get('openrouter-images')?.name).toBe('openrouter-images');
	});

	it('keeps the demo next to real providers when DEMO_PROVIDER is on', () => {
		const sut = createProviderRegistry({
			env: parseEnv({ OPENROUTER_API_KEY: 'sk-or-test', DEMO_PROVIDER: 'on' })
		});
		expect(sut.configured).toEqual(['demo', 'openrouter', 'openrouter-images']);
	});

	it('configures each direct provider when its key is set', () => {
		const sut = createProviderRegistry({
			env: parseEnv({ OPENAI_API_KEY: 'a', ARK_API_KEY: 'b', GEMINI_API_KEY: 'c' })
		});
		expect(sut.configured).toEqual(['openai', 'ark', 'gemini']);
		expect(sut.catalogue.list().map((m) => m.id)).toEqual([
			'openai/gpt-image-1',
			'openai/gpt-image-2',
			'ark/seedream-4-0',
			'ark/seedream-4-5',
			'gemini/gemini-2.5-flash-image'
		]);
	});

	it('configures nothing when DEMO_PROVIDER is off and no key is set', () => {
		const sut = createProviderRegistry({ env: parseEnv({ DEMO_PROVIDER: 'off' }) });
		expect(sut.configured).toEqual([]);
		expect(sut.catalogue.list()).toEqual([]);
	});

	it('reaches the configured base URL with the given fetch when a model is generated', async () => {
		const env = parseEnv({
			OPENROUTER_API_KEY: FAKE_PROVIDER_KEY,
			OPENROUTER_BASE_URL: fake.baseUrl,
			GEMINI_API_KEY: FAKE_PROVIDER_KEY,
			GEMINI_BASE_URL: fake.baseUrls.gemini
		});
		let fetched = 0;
		const sut = createProviderRegistry({
			env,
			fetch: (input, init) => (fetched++, globalThis.fetch(input, init))
		});
		for (const id of ['google/gemini-2.5-flash-image', 'gemini/gemini-2.5-flash-image']) {
			const model = sut.catalogue.get(id)!;
			const result = await sut.providers
				.get(model.provider)!
				.generate(makeImageRequest({ upstreamModel: model.upstreamId }), liveSignal());
			expect(result.images).toHaveLength(1);
		}
		expect(fetched).toBe(2);
		expect(fake.calls.map((c) => c.path)).toEqual([
			'/api/v1/chat/completions',
			'/v1beta/models/gemini-2.5-flash-image:generateContent'
		]);
	});
});
