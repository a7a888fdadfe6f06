import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { createProviderRegistry } from './registry';

describe('createProviderRegistry', () => {
	it('turns on only the demo when no key is set and DEMO_PROVIDER is auto', () => {
		const sut = createProviderRegistry({ env: parseEnv({}) });
		expect(sut.configured).toEqual(['demo']);
		expect([...sut.providers.keys()]).toEqual(['demo']);
		expect(sut.catalogue.list().every((m) => m.provider === 'demo')).toBe(true);
	});

	it('turns the demo off when a real key is set and DEMO_PROVIDER is auto', () => {
		const sut = createProviderRegistry({ env: parseEnv({ OPENROUTER_API_KEY: 'sk-or-test' }) });
		expect(sut.configured).toEqual(['openrouter']);
		expect(sut.catalogue.get('demo/sketch')).toBeUndefined();
		expect(sut.catalogue.get('google/gemini-2.5-flash-image')?.provider).toBe('openrouter');
		expect(sut.providers.get('openrouter')?.name).toBe('openrouter');
	});

	it('keeps the demo next to a real provider when DEMO_PROVIDER is on', () => {
		const sut = createProviderRegistry({ env: parseEnv({ OPENROUTER_API_KEY: 'sk-or-test', DEMO_PROVIDER: 'on' }) });
		expect(sut.configured).toEqual(['demo', 'openrouter']);
	});

	it('configures nothing when DEMO_PROVIDER is off and no key is set', () => {
		const sut = createProviderRegistry({ env: parseEnv({ DEMO_PROVIDER: 'off' }) });
		expect(sut.configured).toEqual([]);
		expect(sut.catalogue.list()).toEqual([]);
	});
});
