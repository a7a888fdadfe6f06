/**
 * Issue 12: a provider slot counts a call until the provider's connection is really closed. Calls
 * the provider holds open are aborted by the relay (their deadline) while more generations wait
 * for the slots; the provider must never see more than the cap open at once, and every aborted
 * generation is refunded exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGeneration } from '../db/repositories/generations.repository';
import { startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { assertInvariants } from '../testing/invariants';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import { fakeProviderEnv, generationCalls, submitInput, waitUntilIdle } from '../load/load-kit';

describe('provider slots after aborted calls', () => {
	let provider: FakeProvider;
	let relay: TestRelay;
	beforeAll(async () => {
		provider = await startFakeProvider();
		relay = await startTestRelay(
			fakeProviderEnv(provider, {
				GLOBAL_PROVIDER_CONCURRENCY: '2',
				MAX_IN_FLIGHT_PER_USER: '20',
				STARTING_CREDITS: '1000',
				RATE_LIMIT_PER_MINUTE: '1000',
				GENERATION_QUEUE_TIMEOUT_MS: '60000'
			})
		);
		relay.deps.timeoutMs = 400; // below the env minimum: the held calls are aborted quickly
	});
	afterAll(async () => {
		await relay?.close();
		await provider?.close();
	});

	it('starts the next call only once an aborted one is closed at the provider, never over the cap', async () => {
		// Two calls the provider holds open (never answered), then two it holds until long after the
		// relay gave up, then four that answer: every freed slot follows an abort mid-call.
		let release = () => {};
		const late = new Promise<void>((resolve) => (release = resolve));
		provider.script([
			{ kind: 'hang' },
			{ kind: 'hang' },
			{ kind: 'held', until: late },
			{ kind: 'held', until: late }
		]);
		const { user, caller } = await relay.signUp();
		const answers = await Promise.all(
			Array.from({ length: 8 }, (_, i) => caller.generate.submit(submitInput(`call ${i}`)))
		);
		await waitUntilIdle(relay);
		release();

		// On a loaded machine a call can also run out of time before it reaches the provider: count, don't fix.
		expect(generationCalls(provider).length).toBeGreaterThanOrEqual(4);
		expect(provider.maxInFlight).toBeLessThanOrEqual(2);
		const rows = await Promise.all(
			answers.map(async (a) => (await findGeneration(relay.deps.db, user.id, a.id))!)
		);
		const failed = rows.filter((r) => r.status === 'failed');
		const done = rows.filter((r) => r.status === 'done');
		expect(failed.length).toBeGreaterThanOrEqual(4); // the four the provider held open
		expect(failed.every((r) => r.errorCode === 'PROVIDER_TIMEOUT')).toBe(true);
		expect(done.length + failed.length).toBe(8);
		expect((await relay.user(user.id)).credits).toBe(1000 - done.length * answers[0].price);
		await assertInvariants(relay.deps.db, { idle: true, concurrency: 2 });
	});
});
