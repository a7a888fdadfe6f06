import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER } from '#shared/protocol';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import { ledgerSum } from '../db/repositories/credits.repository';
import { assertInvariants } from '../testing/invariants';
import { awayFromWindowEdge } from '../load/load-kit';

const submit = (prompt = 'a quiet harbour') => ({
	id: uuidv7(),
	model: 'demo/sketch',
	prompt,
	params: { aspectRatio: '1:1' as const },
	sourceHashes: []
});

describe('per-user rate limit', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay({
			STARTING_CREDITS: '100',
			RATE_LIMIT_PER_MINUTE: '10',
			MAX_IN_FLIGHT_PER_USER: '100'
		});
	});
	afterEach(() => assertInvariants(relay.deps.db));
	afterAll(() => relay.close());

	it('admits exactly the limit from a burst released together, and refusals cost nothing', async () => {
		await awayFromWindowEdge(5_000);
		const { user, caller } = await relay.signUp();
		const results = await Promise.allSettled(
			Array.from({ length: 25 }, () => caller.generate.submit(submit()))
		);
		const admitted = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
		expect(admitted).toHaveLength(10);
		expect(refused).toHaveLength(15);
		for (const r of refused) expect(r.reason).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
		expect((await relay.user(user.id)).credits).toBe(90);
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(90);
	});

	it('limits each user on their own', async () => {
		await awayFromWindowEdge(10_000);
		const a = await relay.signUp();
		const b = await relay.signUp();
		for (let i = 0; i < 10; i++) await a.caller.generate.submit(submit());
		await expect(a.caller.generate.submit(submit())).rejects.toMatchObject({
			code: 'TOO_MANY_REQUESTS'
		});
		// Admitted: at a provider, or waiting for a global slot behind a's generations.
		expect(['queued', 'running']).toContain((await b.caller.generate.submit(submit())).status);
	});

	it('answers HTTP 429 with Retry-After in seconds', async () => {
		// Eleven requests one after another must land in one fixed one-minute window.
		await awayFromWindowEdge(10_000);
		const url = await relay.listen();
		const register = await fetch(`${url}/trpc/auth.register`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
			body: JSON.stringify({
				email: `rl-${uuidv7().slice(-8)}@example.test`,
				password: 'long password'
			})
		});
		const cookie = (register.headers.get('set-cookie') ?? '').split(';')[0];
		const post = () =>
			fetch(`${url}/trpc/generate.submit`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1', cookie },
				body: JSON.stringify(submit())
			});
		for (let i = 0; i < 10; i++) expect((await post()).status).toBe(200);
		const refused = await post();
		expect(refused.status).toBe(429);
		const retryAfter = Number(refused.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(60);
		// IETF RateLimit header fields: the quota, what is left of it, seconds until it resets.
		expect(refused.headers.get('ratelimit-limit')).toBe('10');
		expect(refused.headers.get('ratelimit-remaining')).toBe('0');
		expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));
		expect(JSON.stringify(await refused.json())).toContain('RATE_LIMITED');
	});
});

describe('per-user in-flight cap', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay({
			STARTING_CREDITS: '100',
			MAX_IN_FLIGHT_PER_USER: '2',
			DEMO_LATENCY_MS: '600'
		});
	});
	afterEach(() => assertInvariants(relay.deps.db));
	afterAll(() => relay.close());

	it('refuses generations past the cap without charging, and admits again once one ends', async () => {
		const { user, caller } = await relay.signUp();
		const results = await Promise.allSettled(
			Array.from({ length: 6 }, () => caller.generate.submit(submit()))
		);
		const admitted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
		expect(admitted).toHaveLength(2);
		for (const r of results)
			if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
		expect((await relay.user(user.id)).credits).toBe(98);
		await relay.waitForGeneration(caller, admitted[0].id);
		await relay.waitForGeneration(caller, admitted[1].id);
		await expect(caller.generate.submit(submit())).resolves.toMatchObject({ status: 'running' });
	});
});
