/**
 * Load cases L1, L2, L3, L9 (RELIABILITY.md §7.1): bursts released together never spend more
 * credits than the user has — on one relay or two sharing the database — and a grant during a
 * burst is neither lost nor doubled.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { applyLedgerEntry, listLedger } from '../db/repositories/credits.repository';
import { startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { assertInvariants } from '../testing/invariants';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import {
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

const roomy = {
	RATE_LIMIT_PER_MINUTE: '1000',
	MAX_IN_FLIGHT_PER_USER: '100',
	GLOBAL_PROVIDER_CONCURRENCY: '10'
};

describe('credits under bursts', () => {
	let provider: FakeProvider;
	let relay: TestRelay;
	let url: string;
	beforeAll(async () => {
		provider = await startFakeProvider();
		relay = await startTestRelay(fakeProviderEnv(provider, { ...roomy, STARTING_CREDITS: '0' }));
		url = await relay.listen();
	});
	afterAll(async () => {
		await relay.close();
		await provider.close();
	});
	afterEach(() =>
		assertInvariants(relay.deps.db, { idle: true, providerCalls: generationCalls(provider).length })
	);

	async function grant(userId: string, amount: number, reason = 'test grant') {
		await relay.deps.db.transaction((tx) =>
			applyLedgerEntry(tx as unknown as Db, {
				userId,
				amount,
				kind: 'grant',
				reason,
				now: Date.now()
			})
		);
	}

	it('L1: 50 submits with credits for 10 admit exactly 10; the rest get 402 without Retry-After', async () => {
		const { cookie, userId } = await signUpOverHttp(url);
		await grant(userId, 10 * FAKE_MODEL_PRICE);
		const callsBefore = generationCalls(provider).length;

		const answers = await burst([url], cookie, 50);
		const admitted = answers.filter((a) => a.status === 200);
		const refused = answers.filter((a) => a.status !== 200);
		expect(admitted).toHaveLength(10);
		expect(refused).toHaveLength(40);
		for (const r of refused) {
			expect(r.status).toBe(402);
			expect(relayCodeOf(r.body)).toBe('INSUFFICIENT_CREDITS');
			expect(r.headers.get('retry-after')).toBeNull();
		}
		await waitUntilIdle(relay);
		expect(generationCalls(provider).length - callsBefore).toBe(10);
		expect((await relay.user(userId)).credits).toBe(0);
	});

	it('L3: a brand-new account with credits for one image admits exactly 1 of 20', async () => {
		const { user, caller } = await relay.signUp();
		await grant(user.id, FAKE_MODEL_PRICE);
		const results = await releaseTogether(20, (i) =>
			caller.generate.submit(submitInput(`first ${i}`))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results)
			if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'PAYMENT_REQUIRED' });
		await waitUntilIdle(relay);
		expect((await relay.user(user.id)).credits).toBe(0);
	});

	it('L9: a grant while 30 generations are in flight is counted once and nothing is lost', async () => {
		provider.script(Array.from({ length: 30 }, () => ({ kind: 'slow' as const, ms: 150 })));
		const { user, caller } = await relay.signUp();
		const start = 30 * FAKE_MODEL_PRICE + 3;
		await grant(user.id, start);

		const submits = releaseTogether(30, (i) =>
			caller.generate.submit(submitInput(`grant race ${i}`))
		);
		const [results] = await Promise.all([submits, grant(user.id, 5, 'L9 grant')]);
		expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
		await waitUntilIdle(relay);

		const ledger = await listLedger(relay.deps.db, user.id, 1000);
		const captures =
			ledger.filter((e) => e.kind === 'charge').length -
			ledger.filter((e) => e.kind === 'refund').length;
		expect(ledger.filter((e) => e.reason === 'L9 grant')).toHaveLength(1);
		expect(captures).toBe(30);
		expect((await relay.user(user.id)).credits).toBe(start + 5 - captures * FAKE_MODEL_PRICE);
	});
	it('L4: 20 submits with one id and one request make 1 provider call and 1 charge; a retry gets the stored image', async () => {
		const { user, caller } = await relay.signUp();
		await grant(user.id, 2 * FAKE_MODEL_PRICE);
		const callsBefore = generationCalls(provider).length;
		const input = submitInput('the same request twenty times');

		const results = await releaseTogether(20, () => caller.generate.submit(input));
		const answers = results.map((r) =>
			r.status === 'fulfilled' ? Promise.resolve(r.value) : Promise.reject(r.reason)
		);
		// Every caller is told about the one generation (still in flight, or already done).
		for (const a of await Promise.all(answers))
			expect(a).toMatchObject({ id: input.id, price: FAKE_MODEL_PRICE });
		const done = await relay.waitForGeneration(caller, input.id);
		expect(done.status).toBe('done');
		expect(generationCalls(provider).length - callsBefore).toBe(1);
		expect((await relay.user(user.id)).credits).toBe(FAKE_MODEL_PRICE);

		const retry = await caller.generate.submit(input);
		expect(retry).toMatchObject({ status: 'done', images: done.images });
		expect(generationCalls(provider).length - callsBefore).toBe(1);
	});

	it('L5: the same id with another request is refused with 422 and charges nothing', async () => {
		const { cookie, userId } = await signUpOverHttp(url);
		await grant(userId, FAKE_MODEL_PRICE * 2);
		const first = submitInput('first request');
		expect((await postProcedure(url, 'generate.submit', first, { cookie })).status).toBe(200);

		const answers = await releaseTogether(10, (i) =>
			postProcedure(
				url,
				'generate.submit',
				{ ...first, prompt: `another request ${i}` },
				{ cookie }
			)
		);
		for (const a of answers) {
			if (a.status === 'rejected') throw a.reason;
			expect(a.value.status).toBe(422);
			expect(relayCodeOf(a.value.body)).toBe('IDEMPOTENCY_CONFLICT');
		}
		await waitUntilIdle(relay);
		expect((await relay.user(userId)).credits).toBe(FAKE_MODEL_PRICE);
	});
});

describe('credits under bursts on two relays', () => {
	it('L2: the L1 burst spread over two relays on one database admits exactly 10 in total', async () => {
		const provider = await startFakeProvider();
		const relays = await startTwoRelays(
			fakeProviderEnv(provider, { ...roomy, STARTING_CREDITS: String(10 * FAKE_MODEL_PRICE) })
		);
		try {
			const urls = [await relays.a.listen(), await relays.b.listen()];
			const { cookie } = await signUpOverHttp(urls[0]);
			const answers = await burst(urls, cookie, 50);
			expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
			expect(answers.filter((a) => a.status === 402)).toHaveLength(40);
			await waitUntilIdle(relays.a);
			expect(generationCalls(provider)).toHaveLength(10);
			const users = await relays.b.deps.db.query.users.findMany();
			expect(users.map((u) => u.credits)).toEqual([0]);
			await assertInvariants(relays.a.deps.db, { idle: true, providerCalls: 10 });
		} finally {
			await relays.close();
			await provider.close();
		}
	}, 90_000);
});

/** Fires `count` submits over HTTP, spread over the relays' URLs, all released together. */
async function burst(urls: string[], cookie: string, count: number) {
	const answers = await releaseTogether(count, (i) =>
		postProcedure(urls[i % urls.length], 'generate.submit', submitInput(`burst ${i}`), { cookie })
	);
	return answers.map((a) => {
		if (a.status === 'rejected') throw a.reason;
		return a.value;
	});
}
