import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from '../db/database';
import { mutateOne } from '../db/mutations/mutate';
import { deleteTestDB, makePrompt, makeTestDB } from '../testing/factories';
import { networkError, relayError } from '../testing/fake-relay';
import { FakeSyncRelay } from '../testing/fake-sync-relay';
import { getClientId } from './client-id';
import { SYNC_STATUS_KEY } from './status';
import { SyncLoop, type SyncClock } from './sync-loop';

/** Timers that only run when the test says so. */
class ManualClock implements SyncClock {
	timers: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
	now = () => 1000;
	setTimer = (run: () => void, ms: number) => {
		const timer = { run, ms, cancelled: false };
		this.timers.push(timer);
		return () => void (timer.cancelled = true);
	};
	get live() {
		return this.timers.filter((t) => !t.cancelled);
	}
}

const until = async (check: () => boolean | Promise<boolean>) => {
	for (let i = 0; i < 400 && !(await check()); i++)
		await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('SyncLoop', () => {
	let db: StudioDB;
	let relay: FakeSyncRelay;
	let clock: ManualClock;
	let sut: SyncLoop;
	let pages: number[];
	beforeEach(async () => {
		db = makeTestDB();
		relay = new FakeSyncRelay();
		clock = new ManualClock();
		pages = [];
		sut = new SyncLoop({
			db,
			transport: relay,
			clientId: await getClientId(db),
			clock,
			random: () => 0.5,
			hooks: { onPage: (page) => pages.push(page.credits) }
		});
	});
	afterEach(async () => {
		await sut.stop();
		await deleteTestDB(db);
	});

	it('runs one round at a time and folds triggers that arrive meanwhile into one more', async () => {
		await mutateOne(db, 'prompt.create', { id: 'p1', title: 'Fox', text: 'a fox' });
		sut.start();
		const rounds = [sut.trigger(), sut.trigger(), sut.trigger(), sut.trigger()];
		await Promise.all(rounds);
		await until(
			() =>
				sut.status.phase === 'idle' && relay.calls.filter((c) => c.startsWith('pull')).length >= 2
		);

		expect(relay.calls.filter((c) => c.startsWith('pull'))).toHaveLength(2);
		expect(relay.calls[0]).toBe('push:1-1');
		expect(await db.outbox.count()).toBe(0);
		expect(pages).toEqual([100, 100]);
	});

	it('writes its status for the tabs, and a backstop timer of 60 s when idle', async () => {
		sut.start();
		await until(() => sut.status.phase === 'idle' && clock.live.length > 0);
		await sut.stop();

		expect((await db.meta.get(SYNC_STATUS_KEY))?.value).toMatchObject({
			phase: 'idle',
			lastSyncedAt: 1000,
			lastError: null
		});
		expect(clock.timers.some((t) => t.ms === 60_000)).toBe(true);
	});

	it('stops syncing and keeps the outbox when the relay refuses this app version', async () => {
		await mutateOne(db, 'prompt.create', { id: 'p1', title: 'Fox', text: 'a fox' });
		relay.failNext = [() => relayError('CLIENT_TOO_OLD')];
		sut.start();
		await until(() => sut.status.phase === 'update-required');
		const calls = relay.calls.length;

		await sut.trigger();
		expect(await sut.flushPush()).toBe(false);

		expect(relay.calls).toHaveLength(calls);
		expect(await db.outbox.count()).toBe(1);
		expect(clock.live).toHaveLength(0);
	});

	it('waits and tries again, honouring the relay’s Retry-After, when the relay is unreachable or busy', async () => {
		relay.failNext = [() => relayError('RATE_LIMITED', 30_000)];
		sut.start();
		await until(() => sut.status.phase === 'error' && clock.live.length === 1);
		expect(clock.live.at(-1)?.ms).toBeGreaterThanOrEqual(30_000);

		relay.failNext = [() => networkError()];
		clock.live.at(-1)?.run();
		await until(() => sut.status.phase === 'offline' && clock.live.length === 1);
		clock.live.at(-1)?.run();
		await until(() => sut.status.phase === 'idle');
		expect(sut.status.lastError).toBeNull();
	});

	it('pulls when a poke says the relay is ahead, and ignores one it has already seen', async () => {
		sut.start();
		await until(() => sut.status.phase === 'idle');
		const pulls = () => relay.calls.filter((c) => c.startsWith('pull')).length;
		const before = pulls();

		relay.pokeHandlers?.onPoke({ seq: 0 });
		relay.write('prompt', 'p9', makePrompt({ id: 'p9' }));
		relay.pokeHandlers?.onPoke({ seq: relay.seq });
		await until(async () => (await db.prompts.get('p9')) !== undefined);

		expect(pulls()).toBe(before + 1);
	});

	it('sends waiting changes when the scheduler asks before submitting', async () => {
		sut.start();
		await until(() => sut.status.phase === 'idle');
		await mutateOne(db, 'prompt.create', { id: 'p1', title: 'Fox', text: 'a fox' });

		expect(await sut.flushPush()).toBe(true);
		expect(relay.prompt('p1')).toMatchObject({ title: 'Fox' });
	});
});
