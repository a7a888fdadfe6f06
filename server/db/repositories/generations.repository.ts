/** Generation rows (the idempotency records of DESIGN §4) and their images. */
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../client';
import { generations, images } from '../schema/index';

export type GenerationRow = typeof generations.$inferSelect;
export type ImageRow = typeof images.$inferSelect;

export function findGeneration(
	db: Db,
	userId: string,
	id: string
): Promise<GenerationRow | undefined> {
	return db.query.generations.findFirst({
		where: and(eq(generations.userId, userId), eq(generations.id, id))
	});
}

export async function insertGeneration(
	db: Db,
	row: typeof generations.$inferInsert
): Promise<void> {
	await db.insert(generations).values(row);
}

/**
 * Moves a generation that is still in flight to done/failed; returns false if it had already
 * left. Only a running one can become done; a queued or running one can fail. `leaseBefore`
 * (the reaper) also requires the lease to have run out, so a live owner keeps its row.
 */
export async function finishGeneration(
	db: Db,
	key: { userId: string; id: string },
	patch: Partial<
		Pick<
			GenerationRow,
			'status' | 'errorCode' | 'errorMessage' | 'retryAfterMs' | 'providerRequestId' | 'finishedAt'
		>
	>,
	options: { leaseBefore?: number } = {}
): Promise<boolean> {
	const from: GenerationRow['status'][] =
		patch.status === 'done' ? ['running'] : ['queued', 'running'];
	const conditions = [
		eq(generations.userId, key.userId),
		eq(generations.id, key.id),
		inArray(generations.status, from)
	];
	if (options.leaseBefore !== undefined)
		conditions.push(lt(generations.leaseUntil, options.leaseBefore));
	const rows = await db
		.update(generations)
		.set(patch)
		.where(and(...conditions))
		.returning({ id: generations.id });
	return rows.length === 1;
}

/** Queued or running generations whose lease ran out (their relay died), oldest first. */
export function findExpiredInFlight(db: Db, now: number, limit = 100): Promise<GenerationRow[]> {
	return db
		.select()
		.from(generations)
		.where(and(inArray(generations.status, ['queued', 'running']), lt(generations.leaseUntil, now)))
		.orderBy(asc(generations.leaseUntil))
		.limit(limit);
}

export async function insertImages(db: Db, rows: (typeof images.$inferInsert)[]): Promise<void> {
	if (rows.length) await db.insert(images).values(rows).onConflictDoNothing();
}

export function findImagesOfGenerations(
	db: Db,
	userId: string,
	generationIds: string[]
): Promise<ImageRow[]> {
	if (generationIds.length === 0) return Promise.resolve([]);
	return db
		.select()
		.from(images)
		.where(and(eq(images.userId, userId), inArray(images.generationId, generationIds)))
		.orderBy(asc(images.outputIndex));
}
