/**
 * Load cases L8 and L10 (RELIABILITY.md §7.1): the per-user rate limit is shared by two relays on
 * one database, refusals carry Retry-After and the RateLimit fields, requests refused as 401/403
 * use no quota, and a tRPC batch never buys free calls.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { CLIENT_HEADER } from '#shared/protocol';
import { rateLimitWindows } from '../db/schema/index';
import { MAX_BATCH_SIZE } from '../app';
import { assertInvariants } from '../testing/invariants';
import { startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import {
	awayFromWindowEdge,
	FAKE_MODEL_PRICE,
	fakeProviderEnv,
	generationCalls,
	postProcedure,
	relayCodeOf,
	releaseTogether,
	signUpOverHttp,
	startTwoRelays,
	submitInput,
	waitUntilIdle
} from './load-kit';

const CREDITS = String(100 * FAKE_MODEL_PRICE);

describe('rate limits across two relays', () => {
	let provider: FakeProvider;
	let relays: Awaited<ReturnType<typeof startTwoRelays>>;
	let urls: string[];
	beforeAll(async () => {
		provider = await startFakeProvider();
		relays = await startTwoRelays(
			fakeProviderEnv(provider, {
				RATE_LIMIT_PER_MINUTE: '60',
				MAX_IN_FLIGHT_PER_USER: '100',
				GLOBAL_PROVIDER_CONCURRENCY: '10',
				STARTING_CREDITS: CREDITS
			})
		);
		urls = [await relays.a.listen(), await relays.b.listen()];
	});
	afterAll(async () => {
		await relays.close();
		await provider.close();
	});
	afterEach(async () => {
		await waitUntilIdle(relays.a);
		await assertInvariants(relays.a.deps.db, {
			idle: true,
			providerCalls: generationCalls(provider).length
		});
	});

	it('L8: a burst of 90 over two relays admits 60 and answers 30 with 429; 401/403 use no quota', async () => {
		await awayFromWindowEdge(20_000); // room for a slow, loaded machine: the burst must land in one window
		const { cookie, userId } = await signUpOverHttp(urls[0]);
		const input = () => submitInput('burst');
		const unauthenticated = await Promise.all(
			Array.from({ length: 10 }, () => postProcedure(urls[0], 'generate.submit', input()))
		);
		expect(new Set(unauthenticated.map((a) => a.status))).toEqual(new Set([401]));
		const crossSite = await Promise.all(
			Array.from({ length: 10 }, () =>
				postProcedure(urls[1], 'generate.submit', input(), { cookie, clientHeader: false })
			)
		);
		expect(new Set(crossSite.map((a) => a.status))).toEqual(new Set([403]));

		const results = await releaseTogether(90, (i) =>
			postProcedure(urls[i % 2], 'generate.submit', input(), { cookie })
		);
		const answers = results.map((r) => {
			if (r.status === 'rejected') throw r.reason;
			return r.value;
		});
		expect(answers.filter((a) => a.status === 200)).toHaveLength(60);
		const refused = answers.filter((a) => a.status !== 200);
		expect(refused).toHaveLength(30);
		for (const r of refused) {
			expect(r.status).toBe(429);
			expect(relayCodeOf(r.body)).toBe('RATE_LIMITED');
			const retryAfter = Number(r.headers.get('retry-after'));
			expect(retryAfter).toBeGreaterThanOrEqual(1);
			expect(retryAfter).toBeLessThanOrEqual(60);
			expect(r.headers.get('ratelimit-limit')).toBe('60');
			expect(r.headers.get('ratelimit-remaining')).toBe('0');
			expect(Number(r.headers.get('ratelimit-reset'))).toBe(retryAfter);
		}
		await waitUntilIdle(relays.a);
		expect((await relays.b.user(userId)).credits).toBe(Number(CREDITS) - 60 * FAKE_MODEL_PRICE);
	}, 90_000);

	it(`L10: a tRPC batch of 200 submits is refused whole; a batch of ${MAX_BATCH_SIZE} counts as ${MAX_BATCH_SIZE}`, async () => {
		await awayFromWindowEdge(5_000);
		const { cookie, userId } = await signUpOverHttp(urls[0]);
		const batch = async (size: number) => {
			const path = Array.from({ length: size }, () => 'generate.submit').join(',');
			const body = Object.fromEntries(
				Array.from({ length: size }, (_, i) => [String(i), submitInput(`batched ${i}`)])
			);
			const res = await fetch(`${urls[0]}/trpc/${path}?batch=1`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1', cookie },
				body: JSON.stringify(body)
			});
			return { status: res.status, body: (await res.json()) as unknown };
		};
		const window = async () => {
			const rows = await relays.a.deps.db
				.select()
				.from(rateLimitWindows)
				.where(and(eq(rateLimitWindows.key, `submit:${userId}`)));
			return rows.reduce((sum, r) => sum + r.count, 0);
		};

		const huge = await batch(200);
		expect(huge.status).toBeGreaterThanOrEqual(400);
		expect(await window()).toBe(0);
		expect((await relays.a.user(userId)).credits).toBe(Number(CREDITS));

		const full = await batch(MAX_BATCH_SIZE);
		expect(full.status).toBe(200);
		expect(full.body).toHaveLength(MAX_BATCH_SIZE);
		expect(await window()).toBe(MAX_BATCH_SIZE);
		await waitUntilIdle(relays.a);
		expect((await relays.a.user(userId)).credits).toBe(
			Number(CREDITS) - MAX_BATCH_SIZE * FAKE_MODEL_PRICE
		);
	});
});
