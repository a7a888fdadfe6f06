/**
 * Jobs and job items on the relay. Item states only move forward: every transition here is a
 * conditional UPDATE naming the states it may leave, so a late or repeated write changes nothing.
 */
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../client';
import { blobRefs, jobItems, jobs } from '../../schema/index';

export type JobRecord = typeof jobs.$inferSelect;
export type ItemRecord = typeof jobItems.$inferSelect;
type ItemState = ItemRecord['state'];

const jobKey = (userId: string, id: string) => and(eq(jobs.userId, userId), eq(jobs.id, id));
const itemKey = (userId: string, id: string) =>
	and(eq(jobItems.userId, userId), eq(jobItems.id, id));

/** One of the user's jobs (any state, deleted too). */
export async function findJob(db: Db, userId: string, id: string): Promise<JobRecord | undefined> {
	const [row] = await db.select().from(jobs).where(jobKey(userId, id));
	return row;
}

/** One of the user's job items. */
export async function findItem(
	db: Db,
	userId: string,
	id: string
): Promise<ItemRecord | undefined> {
	const [row] = await db.select().from(jobItems).where(itemKey(userId, id));
	return row;
}

/** Inserts a job; false, writing nothing, when the id exists. */
export async function insertJob(db: Db, row: typeof jobs.$inferInsert): Promise<boolean> {
	return (
		(await db.insert(jobs).values(row).onConflictDoNothing().returning({ id: jobs.id })).length > 0
	);
}

/** Inserts new items; ids that exist already are left as they are (a resent create). */
export async function insertItems(db: Db, rows: (typeof jobItems.$inferInsert)[]): Promise<number> {
	if (rows.length === 0) return 0;
	return (
		await db.insert(jobItems).values(rows).onConflictDoNothing().returning({ id: jobItems.id })
	).length;
}

/** The hashes of `hashes` this user may not read (not uploaded yet, or someone else's). */
export async function unreadableHashes(
	db: Db,
	userId: string,
	hashes: string[]
): Promise<string[]> {
	const unique = [...new Set(hashes)];
	if (unique.length === 0) return [];
	const rows = await db
		.select({ sha256: blobRefs.sha256 })
		.from(blobRefs)
		.where(and(eq(blobRefs.userId, userId), inArray(blobRefs.sha256, unique)));
	const readable = new Set(rows.map((r) => r.sha256));
	return unique.filter((h) => !readable.has(h));
}

/** Writes job fields; `fromStates` limits which job states may be written over. */
export async function updateJob(
	db: Db,
	key: { userId: string; id: string },
	set: Partial<typeof jobs.$inferInsert>,
	fromStates?: JobRecord['state'][]
): Promise<JobRecord | undefined> {
	const conditions = [jobKey(key.userId, key.id), isNull(jobs.deletedAt)];
	if (fromStates) conditions.push(inArray(jobs.state, fromStates));
	const [row] = await db
		.update(jobs)
		.set(set)
		.where(and(...conditions))
		.returning();
	return row;
}

/** job.claim: the owner moves only when `epoch` is still the job's epoch (a fencing token). */
export async function claimJob(
	db: Db,
	input: { userId: string; id: string; epoch: number; clientId: string; now: number }
): Promise<boolean> {
	const rows = await db
		.update(jobs)
		.set({
			ownerClientId: input.clientId,
			claimEpoch: sql`${jobs.claimEpoch} + 1`,
			updatedAt: input.now
		})
		.where(
			and(jobKey(input.userId, input.id), isNull(jobs.deletedAt), eq(jobs.claimEpoch, input.epoch))
		)
		.returning({ id: jobs.id });
	return rows.length > 0;
}

/** Moves items of one job, or one item, from `from` states; returns the moved rows. */
export async function moveItems(
	db: Db,
	target: { userId: string; jobId?: string; id?: string; requestId?: string },
	from: ItemState[],
	set: Partial<typeof jobItems.$inferInsert>,
	options: { nextRound?: boolean; nextAttempt?: boolean } = {}
): Promise<ItemRecord[]> {
	const conditions = [eq(jobItems.userId, target.userId), inArray(jobItems.state, from)];
	if (target.jobId !== undefined) conditions.push(eq(jobItems.jobId, target.jobId));
	if (target.id !== undefined) conditions.push(eq(jobItems.id, target.id));
	if (target.requestId !== undefined) conditions.push(eq(jobItems.requestId, target.requestId));
	let values: Record<string, unknown> = set;
	if (options.nextRound) values = { ...values, round: sql`${jobItems.round} + 1` };
	if (options.nextAttempt) values = { ...values, attempts: sql`${jobItems.attempts} + 1` };
	return db
		.update(jobItems)
		.set(values as typeof set)
		.where(and(...conditions))
		.returning();
}

/** A job with no queued or submitted item left is done (unless cancelled or deleted). */
export async function finishJobIfSettled(
	db: Db,
	userId: string,
	jobId: string,
	now: number
): Promise<void> {
	await db
		.update(jobs)
		.set({ state: 'done', updatedAt: now })
		.where(
			and(
				jobKey(userId, jobId),
				notInArray(jobs.state, ['done', 'cancelled']),
				sql`not exists (select 1 from ${jobItems} where ${jobItems.userId} = ${userId} and ${jobItems.jobId} = ${jobId} and ${jobItems.state} in ('queued', 'submitted'))`
			)
		);
}
