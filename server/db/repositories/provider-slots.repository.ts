/**
 * Global provider slots, held in the database so every relay process shares them: a slot is a
 * `running` generation with a live lease; `queued` generations wait for one. The dispatcher's
 * transaction is serialised across processes by one advisory lock.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { generations, settings } from '../schema/index';

/** Advisory lock key of the slot dispatcher (users.repository uses 7700001). */
const DISPATCH_LOCK_KEY = 7700002;

/** The raw value of one settings row, or undefined when it is absent. */
export async function readSetting(db: Db, key: string): Promise<unknown> {
	const [row] = await db
		.select({ value: settings.value })
		.from(settings)
		.where(eq(settings.key, key))
		.limit(1);
	return row?.value;
}

export interface QueuedSlotRow {
	userId: string;
	id: string;
	ownerRelay: string | null;
	createdAt: number;
}

/**
 * Runs `work` inside a transaction that holds the dispatcher lock, handing it what it needs to
 * pick rows fairly: running counts per user (live leases only) and the oldest queued rows.
 */
export async function withDispatchLock<T>(
	db: Db,
	now: number,
	work: (
		tx: Db,
		view: { runningByUser: Map<string, number>; running: number; queued: QueuedSlotRow[] }
	) => Promise<T>,
	queuedLimit = 1000
): Promise<T> {
	return db.transaction(async (tx) => {
		const txDb = tx as unknown as Db;
		await txDb.execute(sql`select pg_advisory_xact_lock(${DISPATCH_LOCK_KEY})`);
		const counts = await txDb
			.select({ userId: generations.userId, count: sql<number>`count(*)::int` })
			.from(generations)
			.where(and(eq(generations.status, 'running'), gt(generations.leaseUntil, now)))
			.groupBy(generations.userId);
		const runningByUser = new Map(counts.map((c) => [c.userId, c.count]));
		const running = counts.reduce((sum, c) => sum + c.count, 0);
		const queued = await txDb
			.select({
				userId: generations.userId,
				id: generations.id,
				ownerRelay: generations.ownerRelay,
				createdAt: generations.createdAt
			})
			.from(generations)
			.where(and(eq(generations.status, 'queued'), gt(generations.leaseUntil, now)))
			.orderBy(asc(generations.createdAt), asc(generations.id))
			.limit(queuedLimit);
		return work(txDb, { runningByUser, running, queued });
	});
}

/** Moves one of this relay's queued generations to running with a fresh lease; false if it was not queued. */
export async function startQueued(
	db: Db,
	key: { userId: string; id: string },
	ownerRelay: string,
	now: number,
	leaseUntil: number
): Promise<boolean> {
	const rows = await db
		.update(generations)
		.set({ status: 'running', startedAt: now, leaseUntil })
		.where(
			and(
				eq(generations.userId, key.userId),
				eq(generations.id, key.id),
				eq(generations.status, 'queued'),
				eq(generations.ownerRelay, ownerRelay),
				gt(generations.leaseUntil, now)
			)
		)
		.returning({ id: generations.id });
	return rows.length === 1;
}

/**
 * Extends the live leases of this relay's queued rows (an expired one already belongs to the
 * reaper); returns the rows still queued here.
 */
export async function renewQueuedLeases(
	db: Db,
	ownerRelay: string,
	now: number,
	leaseUntil: number
): Promise<{ userId: string; id: string }[]> {
	return db
		.update(generations)
		.set({ leaseUntil })
		.where(
			and(
				eq(generations.status, 'queued'),
				eq(generations.ownerRelay, ownerRelay),
				gt(generations.leaseUntil, now)
			)
		)
		.returning({ userId: generations.userId, id: generations.id });
}

/** How many generations are queued or running (live leases), for probes and invariants. */
export async function countSlotUse(
	db: Db,
	now: number
): Promise<{ queued: number; running: number }> {
	const rows = await db
		.select({ status: generations.status, count: sql<number>`count(*)::int` })
		.from(generations)
		.where(and(inArray(generations.status, ['queued', 'running']), gt(generations.leaseUntil, now)))
		.groupBy(generations.status);
	return {
		queued: rows.find((r) => r.status === 'queued')?.count ?? 0,
		running: rows.find((r) => r.status === 'running')?.count ?? 0
	};
}
