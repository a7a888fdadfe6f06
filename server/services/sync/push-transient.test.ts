/**
 * SYNC §5.2 "a transient error changes nothing", on real PostgreSQL: the push's connection is
 * killed while it waits for a lock; the client gets a retryable 503 and a resend applies once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';
import { newPrompt, testDevice } from '../../testing/sync-kit';
import { rowsOf } from '../../db/rows';

describe.skipIf(!process.env.TEST_DATABASE_URL)(
	'sync.push on a database failure (PostgreSQL)',
	() => {
		let relay: TestRelay;
		beforeAll(async () => {
			relay = await startTestRelay();
		});
		afterAll(() => relay.close());

		it('answers a retryable 503 and applies nothing when the database drops the push mid-way', async () => {
			const db = relay.deps.db;
			const { caller } = await relay.signUp();
			const sut = testDevice(caller);
			const prompt = newPrompt();
			let release!: () => void;
			let locked!: () => void;
			const isLocked = new Promise<void>((resolve) => (locked = resolve));
			const holder = db.transaction(async (tx) => {
				await tx.execute(sql`lock table sync_clients in exclusive mode`);
				locked();
				await new Promise<void>((resolve) => (release = resolve));
			});
			await isLocked;
			const push = sut.push('prompt.create', prompt).then(
				() => null,
				(error: unknown) => error
			);
			// Wait (by polling, not by time) until the push's backend queues behind the lock, then kill it.
			for (;;) {
				const waiting = rowsOf<{ pid: number }>(
					await db.execute(
						sql`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`
					)
				);
				if (waiting.length) {
					await db.execute(sql`select pg_terminate_backend(${waiting[0].pid})`);
					break;
				}
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
			release();
			await holder;
			expect(await push).toMatchObject({ code: 'SERVICE_UNAVAILABLE', cause: expect.anything() });
			expect((await sut.pullAll()).changes).toEqual([]);

			sut.nextMid = 1;
			expect(await sut.push('prompt.create', prompt)).toMatchObject({
				status: 'ok',
				lastMid: 1,
				rejected: []
			});
			expect((await sut.pullAll()).changes.map((c) => c.id)).toEqual([prompt.id]);
		});
	}
);
