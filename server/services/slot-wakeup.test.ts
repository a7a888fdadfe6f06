/**
 * Provider slots without idle waits (issue 15): a slot freed on one relay process starts the
 * generation queued on another at once (drizzle/0010's NOTIFY; on PGlite both relays share one
 * in-process database and its LISTEN). The relays' fallback poll is set far beyond the test's
 * timeout, so only the wakeup can start the queued generation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { assertInvariants } from '../testing/invariants';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import {
	fakeProviderEnv,
	generationCalls,
	openSharedDatabase,
	submitInput,
	waitUntilIdle
} from '../load/load-kit';

const NO_FALLBACK_POLL_MS = 10 * 60_000;

describe('a slot freed on one relay wakes the other', () => {
	let provider: FakeProvider;
	let shared: Awaited<ReturnType<typeof openSharedDatabase>>;
	let a: TestRelay;
	let b: TestRelay;
	beforeAll(async () => {
		provider = await startFakeProvider();
		shared = await openSharedDatabase();
		const env = fakeProviderEnv(provider, {
			GLOBAL_PROVIDER_CONCURRENCY: '1',
			STARTING_CREDITS: '100',
			RATE_LIMIT_PER_MINUTE: '1000',
			MAX_IN_FLIGHT_PER_USER: '10'
		});
		a = await startTestRelay(env, {
			database: shared.first,
			slotFallbackPollMs: NO_FALLBACK_POLL_MS
		});
		b = await startTestRelay(env, {
			database: shared.second,
			slotFallbackPollMs: NO_FALLBACK_POLL_MS
		});
	});
	afterAll(async () => {
		await b?.close();
		await a?.close();
		await shared?.close();
		await provider?.close();
	});

	it('starts the generation queued on relay B when relay A finishes its own, with the cap at 1 and credits exact', async () => {
		let release = () => {};
		provider.script({ kind: 'held', until: new Promise<void>((resolve) => (release = resolve)) });
		const { user, caller: onA } = await a.signUp();
		const onB = b.caller(user);

		const first = await onA.generate.submit(submitInput('held on relay A'));
		expect(first.status).toBe('running');
		await expect.poll(() => generationCalls(provider).length).toBe(1);
		const second = await onB.generate.submit(submitInput('queued on relay B'));
		expect(second.status).toBe('queued'); // the only slot is taken by relay A's call

		release();
		expect((await a.waitForGeneration(onA, first.id, 20_000)).status).toBe('done');
		const outcome = await b.waitForGeneration(onB, second.id, 20_000);
		expect(outcome.status).toBe('done');
		expect(outcome.error).toBeNull();
		expect(generationCalls(provider).map((c) => JSON.stringify(c.body))).toEqual([
			expect.stringContaining('held on relay A'),
			expect.stringContaining('queued on relay B')
		]);
		expect(provider.maxInFlight).toBe(1);
		expect((await a.user(user.id)).credits).toBe(100 - first.price - second.price);
		await waitUntilIdle(a);
		await assertInvariants(a.deps.db, { idle: true, concurrency: 1 });
	});
});
