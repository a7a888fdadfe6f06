/**
 * Trash and discard of the rows that have both (prompts, images, collections), keyed by
 * (user_id, id): conditional UPDATEs, so a concurrent writer is re-checked by Postgres itself.
 * Reports what it found; deciding whether that is a refusal is the caller's business.
 */
import { and, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../client';
import { collections, images, prompts } from '../../schema/index';

const TABLES = { prompt: prompts, image: images, collection: collections } as const;
/** The entities that have a Trash and a discard. */
export type TrashEntity = keyof typeof TABLES;
type TrashTable = (typeof TABLES)[TrashEntity];
export type RowState = 'missing' | 'live' | 'trashed' | 'discarded';

const keyOf = (table: TrashTable, userId: string, id: string): SQL => and(eq(table.userId, userId), eq(table.id, id))!;

/** Where the row stands now (missing = unknown id or another user's). */
export async function rowState(db: Db, entity: TrashEntity, userId: string, id: string): Promise<RowState> {
	const table: TrashTable = TABLES[entity];
	const [row] = await db
		.select({ deletedAt: table.deletedAt, discardedAt: table.discardedAt })
		.from(table)
		.where(keyOf(table, userId, id))
		.limit(1);
	if (!row) return 'missing';
	return row.discardedAt !== null ? 'discarded' : row.deletedAt !== null ? 'trashed' : 'live';
}

/** Writes `set` to a live row (not in the Trash, not discarded); false when there is none. */
export async function updateLiveRow(db: Db, entity: TrashEntity, userId: string, id: string, set: Record<string, unknown>): Promise<boolean> {
	const table: TrashTable = TABLES[entity];
	const rows = await db
		.update(table)
		.set(set as never)
		.where(and(keyOf(table, userId, id), isNull(table.deletedAt), isNull(table.discardedAt)))
		.returning({ id: table.id });
	return rows.length > 0;
}

/** Moves a row to the Trash, or out of it; false when nothing changed. */
export async function setTrashed(db: Db, entity: TrashEntity, key: { userId: string; id: string }, trashed: boolean, now: number): Promise<boolean> {
	const table: TrashTable = TABLES[entity];
	const rows = await db
		.update(table)
		.set({ deletedAt: trashed ? now : null, updatedAt: now } as never)
		.where(and(keyOf(table, key.userId, key.id), isNull(table.discardedAt), trashed ? isNull(table.deletedAt) : isNotNull(table.deletedAt)))
		.returning({ id: table.id });
	return rows.length > 0;
}

/** Discards a row (a tombstone from now on); false when it was already discarded or is missing. */
export async function discardRow(db: Db, entity: TrashEntity, key: { userId: string; id: string }, now: number): Promise<boolean> {
	const table: TrashTable = TABLES[entity];
	const rows = await db
		.update(table)
		.set({ discardedAt: now, updatedAt: now } as never)
		.where(and(keyOf(table, key.userId, key.id), isNull(table.discardedAt)))
		.returning({ id: table.id });
	return rows.length > 0;
}
