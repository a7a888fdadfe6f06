import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, retryWhileUnavailable } from './unavailable';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
	code: 'ECONNREFUSED'
});
const wrapped = new Error('Failed query: select 1', {
	cause: Object.assign(new Error('terminating connection due to administrator command'), {
		code: '57P01'
	})
});

describe('a database that is not answering', () => {
	it('is told apart from a bad query', () => {
		expect(isDatabaseUnavailable(refused)).toBe(true);
		expect(isDatabaseUnavailable(wrapped)).toBe(true);
		expect(
			isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))
		).toBe(false);
		expect(isDatabaseUnavailable(new Error('plain'))).toBe(false);
		expect(isDatabaseUnavailable(undefined)).toBe(false);
	});

	it('is waited out until it answers, but a real error is thrown at once', async () => {
		let calls = 0;
		const answer = await retryWhileUnavailable(
			async () => {
				calls++;
				if (calls < 3) throw refused;
				return 'settled';
			},
			{ until: Date.now() + 5_000 }
		);
		expect(answer).toBe('settled');
		expect(calls).toBe(3);

		let badCalls = 0;
		const bad = retryWhileUnavailable(
			async () => {
				badCalls++;
				throw new Error('check constraint');
			},
			{ until: Date.now() + 5_000 }
		);
		await expect(bad).rejects.toThrow('check constraint');
		expect(badCalls).toBe(1);
	});

	it('gives up once the time is over, with the last error', async () => {
		await expect(
			retryWhileUnavailable(() => Promise.reject(refused), { until: Date.now() + 250 })
		).rejects.toBe(refused);
	});
});
