import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { applyLedgerEntry } from '../db/repositories/credits.repository';
import { findGeneration, insertGeneration } from '../db/repositories/generations.repository';
import { startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { assertInvariants } from '../testing/invariants';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import {
	fakeProviderEnv,
	generationCalls,
	releaseTogether,
	startTwoRelays,
	submitInput,
	waitUntilIdle
} from '../load/load-kit';
import { reapOrphanedGenerations } from './generate.service';
import { parseConcurrencySetting, pickFairly } from './provider-slots';

describe('pickFairly', () => {
	const row = (userId: string, createdAt: number) => ({
		userId,
		id: `${userId}-${createdAt}`,
		ownerRelay: 'r',
		createdAt
	});

	it('goes round-robin from the least-served user, oldest first within a tie', () => {
		const queued = [row('a', 1), row('a', 2), row('a', 3), row('b', 4), row('c', 5), row('b', 6)];
		const picked = pickFairly(queued, new Map([['c', 1]]), 4).map((r) => r.id);
		expect(picked).toEqual(['a-1', 'b-4', 'a-2', 'c-5']);
	});

	it('picks nothing when no slot is free', () => {
		expect(pickFairly([row('a', 1)], new Map(), 0)).toEqual([]);
	});
});

describe('parseConcurrencySetting', () => {
	it('takes an integer 1–10 and ignores anything else', () => {
		expect([1, 4, 10].map(parseConcurrencySetting)).toEqual([1, 4, 10]);
		expect([0, 11, 2.5, '3', null, undefined, { n: 3 }].map(parseConcurrencySetting)).toEqual([
			null,
			null,
			null,
			null,
			null,
			null,
			null
		]);
	});
});

describe('queued generations and their owner relay', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay({ STARTING_CREDITS: '10' });
	});
	afterAll(() => relay.close());

	async function queuedRow(
		userId: string,
		ownerRelay: string,
		leaseUntil: number
	): Promise<string> {
		const id = uuidv7();
		const now = Date.now();
		await relay.deps.db.transaction(async (tx) => {
			await applyLedgerEntry(tx, { userId, amount: -1, kind: 'charge', generationId: id, now });
			await insertGeneration(tx, {
				id,
				userId,
				requestHash: 'h',
				model: 'demo/sketch',
				provider: 'demo',
				prompt: 'p',
				params: { aspectRatio: '1:1' },
				sourceHashes: [],
				status: 'queued',
				ownerRelay,
				price: 1,
				leaseUntil,
				createdAt: now
			});
		});
		return id;
	}

	it('refunds a queued generation whose relay died (lease ran out), and leaves a live one alone', async () => {
		const { user } = await relay.signUp();
		const dead = await queuedRow(user.id, 'dead-relay', Date.now() - 1_000);
		const alive = await queuedRow(user.id, 'other-live-relay', Date.now() + 60_000);
		expect((await relay.user(user.id)).credits).toBe(8);

		expect(await reapOrphanedGenerations(relay.deps)).toBe(1);
		expect(await reapOrphanedGenerations(relay.deps)).toBe(0);
		expect(await findGeneration(relay.deps.db, user.id, dead)).toMatchObject({
			status: 'failed',
			errorCode: 'RELAY_RESTARTED'
		});
		expect(await findGeneration(relay.deps.db, user.id, alive)).toMatchObject({ status: 'queued' });
		expect((await relay.user(user.id)).credits).toBe(9);
		await assertInvariants(relay.deps.db);
	});
});

describe('global provider concurrency across two relays', () => {
	let provider: FakeProvider;
	let relays: Awaited<ReturnType<typeof startTwoRelays>>;
	beforeAll(async () => {
		provider = await startFakeProvider();
		relays = await startTwoRelays(
			fakeProviderEnv(provider, {
				GLOBAL_PROVIDER_CONCURRENCY: '2',
				MAX_IN_FLIGHT_PER_USER: '10',
				STARTING_CREDITS: '100'
			})
		);
	});
	afterAll(async () => {
		await relays.close();
		await provider.close();
	});

	it('keeps at most 2 at the provider in total across both relays, and runs everything', async () => {
		provider.script(Array.from({ length: 12 }, () => ({ kind: 'slow' as const, ms: 150 })));
		const a = await relays.a.signUp();
		const b = await relays.b.signUp();
		const results = await releaseTogether(12, (i) =>
			(i % 2 ? b : a).caller.generate.submit(submitInput(`two relays ${i}`))
		);
		expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
		await waitUntilIdle(relays.a);

		expect(provider.maxInFlight).toBe(2);
		expect(generationCalls(provider)).toHaveLength(12);
		const done = await Promise.all(
			results.map(async (r, i) =>
				r.status === 'fulfilled'
					? (await findGeneration(relays.a.deps.db, (i % 2 ? b : a).user.id, r.value.id))?.status
					: 'refused'
			)
		);
		expect(new Set(done)).toEqual(new Set(['done']));
		await assertInvariants(relays.a.deps.db, { idle: true, providerCalls: 12, concurrency: 2 });
	});

	it('refunds what a relay still holds queued when it shuts down', async () => {
		provider.script(Array.from({ length: 2 }, () => ({ kind: 'slow' as const, ms: 400 })));
		const spare = await startTestRelay(
			fakeProviderEnv(provider, {
				GLOBAL_PROVIDER_CONCURRENCY: '2',
				MAX_IN_FLIGHT_PER_USER: '10',
				STARTING_CREDITS: '100'
			}),
			{
				database: relays.a.deps.database
			}
		);
		const { user, caller } = await spare.signUp();
		const answers = await Promise.all(
			Array.from({ length: 4 }, (_, i) => caller.generate.submit(submitInput(`spare ${i}`)))
		);
		expect(answers.filter((s) => s.status === 'queued')).toHaveLength(2);
		await spare.close();

		const statuses = await Promise.all(
			answers.map(async (s) => (await findGeneration(relays.a.deps.db, user.id, s.id))?.status)
		);
		expect(statuses.sort()).toEqual(['done', 'done', 'failed', 'failed']);
		expect((await relays.a.user(user.id)).credits).toBe(100 - 2 * 4);
		await assertInvariants(relays.a.deps.db, { idle: true });
	});
});
