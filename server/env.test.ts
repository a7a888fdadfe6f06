import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('parseEnv', () => {
	it('gives a keyless install working defaults', () => {
		const env = parseEnv({});
		expect(env).toMatchObject({
			PORT: 3000,
			DATA_DIR: './data',
			DEMO_PROVIDER: 'auto',
			STARTING_CREDITS: 100
		});
		expect(env.DATABASE_URL).toBeUndefined();
	});

	it('lists every bad variable in one readable message', () => {
		expect(() =>
			parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', STARTING_CREDITS: '-5' })
		).toThrow(
			/Invalid configuration:\n {2}PORT: .*\n {2}DATABASE_URL: must start with postgres:\/\/\n {2}STARTING_CREDITS/
		);
	});

	it('treats empty variables as unset', () => {
		expect(parseEnv({ OPENROUTER_API_KEY: '' }).OPENROUTER_API_KEY).toBeUndefined();
	});
});
