/**
 * Slots and deadlines (issue 12): a slot is held until the provider connection is really closed,
 * so a cap of 3 never shows more than 3 open requests at the provider, even when every call is
 * aborted at its deadline; a queued generation that waits past GENERATION_QUEUE_TIMEOUT_MS is
 * failed and refunded without ever reaching the provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGeneration } from '../db/repositories/generations.repository';
import { startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { assertInvariants } from '../testing/invariants';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import { fakeProviderEnv, generationCalls, submitInput, waitUntilIdle } from '../load/load-kit';

describe('provider slots under aborts and deadlines', () => {
	let provider: FakeProvider;
	let relay: TestRelay;
	beforeAll(async () => {
		provider = await startFakeProvider();
		relay = await startTestRelay(
			fakeProviderEnv(provider, {
				GLOBAL_PROVIDER_CONCURRENCY: '3',
				MAX_IN_FLIGHT_PER_USER: '20',
				STARTING_CREDITS: '1000',
				RATE_LIMIT_PER_MINUTE: '1000',
				GENERATION_TIMEOUT_MS: '1000',
				GENERATION_QUEUE_TIMEOUT_MS: '60000'
			})
		);
	});
	afterAll(async () => {
		await relay.close();
		await provider.close();
	});

	it('never has more than 3 requests open at the provider while calls hang past their deadline', async () => {
		provider.script(Array.from({ length: 6 }, () => ({ kind: 'hang' as const })));
		const { user, caller } = await relay.signUp();
		const answers = await Promise.all(
			Array.from({ length: 6 }, (_, i) => caller.generate.submit(submitInput(`hang ${i}`)))
		);
		await waitUntilIdle(relay);
		expect(provider.maxInFlight).toBeLessThanOrEqual(3);
		const statuses = await Promise.all(
			answers.map(async (a) => (await findGeneration(relay.deps.db, user.id, a.id))!)
		);
		expect(statuses.every((s) => s.status === 'failed')).toBe(true);
		expect((await relay.user(user.id)).credits).toBe(1000);
		await assertInvariants(relay.deps.db, { idle: true, concurrency: 3 });
	});

	it('fails and refunds a generation that waits in the queue past the queue deadline, without calling the provider', async () => {
		// The three slot holders hang until their run deadline (2.5 s from dispatch); the six behind
		// them have then waited longer than the queue deadline (1 s from submit) and never start —
		// with 1.5 s to spare, however slowly the nine submits arrive on a loaded machine.
		relay.deps.queueTimeoutMs = 1000;
		relay.deps.timeoutMs = 2500;
		provider.calls.length = 0;
		provider.script(Array.from({ length: 3 }, () => ({ kind: 'hang' as const })));
		const { user, caller } = await relay.signUp();
		const answers = await Promise.all(
			Array.from({ length: 9 }, (_, i) => caller.generate.submit(submitInput(`queued ${i}`)))
		);
		await waitUntilIdle(relay);
		const rows = await Promise.all(
			answers.map(async (a) => (await findGeneration(relay.deps.db, user.id, a.id))!)
		);
		expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'failed'));
		const neverStarted = rows.filter((r) => r.startedAt === null);
		expect(neverStarted).toHaveLength(6);
		expect(
			neverStarted.every(
				(r) => r.errorCode === 'PROVIDER_TIMEOUT' && /provider slot/.test(r.errorMessage ?? '')
			)
		).toBe(true);
		expect(generationCalls(provider)).toHaveLength(3);
		expect((await relay.user(user.id)).credits).toBe(1000);
		await assertInvariants(relay.deps.db, { idle: true, concurrency: 3 });
		relay.deps.timeoutMs = 1000;
	});
});
