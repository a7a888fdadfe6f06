/**
 * RELIABILITY §7.2 F17, clocks that disagree or jump: a device whose clock runs ahead cannot date
 * rows in the future; a relay whose clock jumps back neither locks a user out nor answers with a
 * negative or absurd Retry-After, and charges only what it admits; a relay whose clock differs from
 * the database's says so on /readyz and in the log (leases between relays depend on it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type TRPCError } from '@trpc/server';
import { uuidv7 } from '#shared/ids';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';
import { testDevice } from '../testing/sync-kit';
import { errorDetail } from '../trpc/errors';
import { assertInvariants } from '../testing/invariants';

const TEN_MINUTES = 10 * 60_000;
let relay: TestRelay | null = null;
afterEach(async () => {
	await relay?.close();
	relay = null;
});

function submit(caller: Caller, prompt: string) {
	return caller.generate
		.submit({
			id: uuidv7(),
			model: 'demo/sketch',
			prompt,
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		})
		.then(
			(status) => ({ admitted: true as const, status }),
			(error: unknown) => ({ admitted: false as const, detail: errorDetail(error as TRPCError) })
		);
}

describe('clocks that disagree or jump', () => {
	it('a device whose clock runs 10 minutes ahead cannot date its prompts in the future', async () => {
		relay = await startTestRelay();
		const { caller } = await relay.signUp();
		const ahead = Date.now() + TEN_MINUTES;
		const device = testDevice(caller);
		const pushed = await device.push('prompt.create', {
			id: uuidv7(),
			title: 'From the future',
			text: 'a fox',
			createdAt: ahead,
			updatedAt: ahead,
			lastUsedAt: ahead,
			usageCount: 1
		});
		expect(pushed).toMatchObject({ status: 'ok', rejected: [] });
		const afterPush = Date.now();
		const { changes } = await testDevice(caller).pullAll();
		const row = changes.find((change) => change.entity === 'prompt' && 'row' in change)!;
		const times = row as unknown as {
			row: { createdAt: number; updatedAt: number; lastUsedAt: number };
		};
		expect(times.row.createdAt).toBeLessThanOrEqual(afterPush);
		expect(times.row.updatedAt).toBeLessThanOrEqual(afterPush);
		expect(times.row.lastUsedAt).toBeLessThanOrEqual(afterPush);

		// A clock that runs behind (or an old import) keeps its dates: they sort as the person expects.
		const behind = Date.now() - TEN_MINUTES;
		await device.push('prompt.create', {
			id: uuidv7(),
			title: 'From the past',
			text: 'an owl',
			createdAt: behind,
			updatedAt: behind
		});
		const pulled = await testDevice(caller).pullAll();
		const old = pulled.changes.find(
			(change) => 'row' in change && (change.row as { title?: string }).title === 'From the past'
		);
		expect((old as unknown as { row: { createdAt: number } }).row.createdAt).toBe(behind);
	});

	it('a relay clock that jumps back 10 minutes neither locks the user out nor gives a nonsense wait, and charges only what it admits', async () => {
		let offset = 0;
		relay = await startTestRelay(
			{ RATE_LIMIT_PER_MINUTE: '3', STARTING_CREDITS: '100' },
			{ now: () => Date.now() + offset }
		);
		const { user, caller } = await relay.signUp();

		const first = [];
		for (let i = 0; i < 4; i++) first.push(await submit(caller, `before the jump ${i}`));
		expect(first.map((r) => r.admitted)).toEqual([true, true, true, false]);
		const refused = first[3];
		if (refused.admitted) throw new Error('unreachable');
		expect(refused.detail.code).toBe('RATE_LIMITED');
		expect(refused.detail.retryAfterMs).toBeGreaterThan(0);
		expect(refused.detail.retryAfterMs).toBeLessThanOrEqual(60_000);

		offset = -TEN_MINUTES;
		const second = [];
		for (let i = 0; i < 4; i++) second.push(await submit(caller, `after the jump ${i}`));
		// Not locked out; still limited within the (new) window; the wait is a sane delta.
		expect(second.map((r) => r.admitted)).toEqual([true, true, true, false]);
		const refusedAgain = second[3];
		if (refusedAgain.admitted) throw new Error('unreachable');
		expect(refusedAgain.detail.retryAfterMs).toBeGreaterThan(0);
		expect(refusedAgain.detail.retryAfterMs).toBeLessThanOrEqual(60_000);

		const admitted = [...first, ...second].filter((r) => r.admitted);
		const finals = await Promise.all(
			admitted.map((r) => relay!.waitForGeneration(caller, r.admitted ? r.status.id : '', 20_000))
		);
		const charged = finals.filter((s) => s.status === 'done').reduce((sum, s) => sum + s.price, 0);
		expect((await relay.user(user.id)).credits).toBe(100 - charged);
		await assertInvariants(relay.deps.db, { idle: true, now: Date.now() + offset });
	});

	it('a relay whose clock differs from the database says so on /readyz and in the log', async () => {
		relay = await startTestRelay({}, { now: () => Date.now() + TEN_MINUTES });
		const url = await relay.listen();
		const ready = (await (await fetch(`${url}/readyz`)).json()) as {
			ok: boolean;
			clockSkewMs: number;
			clockProblem: boolean;
		};
		expect(ready.ok).toBe(true);
		expect(ready.clockProblem).toBe(true);
		expect(ready.clockSkewMs).toBeGreaterThan(TEN_MINUTES - 5_000);
		expect(
			relay.logs.some((line) => line.includes('the relay clock differs from the database clock'))
		).toBe(true);
	});

	it('a relay in step with the database reports no clock problem', async () => {
		relay = await startTestRelay();
		const url = await relay.listen();
		const ready = (await (await fetch(`${url}/readyz`)).json()) as {
			clockSkewMs: number;
			clockProblem: boolean;
		};
		expect(ready.clockProblem).toBe(false);
		expect(Math.abs(ready.clockSkewMs)).toBeLessThan(5_000);
	});
});
