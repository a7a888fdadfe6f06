/**
 * Trash and discard of the rows that have both (prompts, images, collections), keyed by
 * (user_id, id): conditional UPDATEs, so a concurrent writer is re-checked by Postgres itself.
 * Reports what it found; deciding whether that is a refusal is the caller's business.
 */
import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../client';
import { collections, images, prompts } from '../../schema/index';

const TABLES = { prompt: prompts, image: images, collection: collections } as const;
/** The entities that have a Trash and a discard. */
export type TrashEntity = keyof typeof TABLES;
type TrashTable = (typeof TABLES)[TrashEntity];
export type RowState = 'missing' | 'live' | 'trashed' | 'discarded';

const keyOf = (table: TrashTable, userId: string, id: string): SQL =>
	and(eq(table.userId, userId), eq(table.id, id))!;

/** Where the row stands now (missing = unknown id or another user's). */
export async function rowState(
	db: Db,
	entity: TrashEntity,
	userId: string,
	id: string
): Promise<RowState> {
	const table: TrashTable = TABLES[entity];
	const [row] = await db
		.select({ deletedAt: table.deletedAt, discardedAt: table.discardedAt })
		.from(table)
		.where(keyOf(table, userId, id))
		.limit(1);
	if (!row) return 'missing';
	return row.discardedAt !== null ? 'discarded' : row.deletedAt !== null ? 'trashed' : 'live';
}

/** Columns a patch may write, by field name (the hot path of a push: built without the query builder). */
const PATCHABLE: Record<string, { column: string; json?: true }> = {
	title: { column: 'title' },
	text: { column: 'text' },
	negativePrompt: { column: 'negative_prompt' },
	category: { column: 'category' },
	favourite: { column: 'favourite' },
	model: { column: 'model' },
	params: { column: 'params', json: true },
	rating: { column: 'rating' },
	name: { column: 'name' },
	updatedAt: { column: 'updated_at' }
};
const TABLE_NAMES: Record<TrashEntity, string> = {
	prompt: 'prompts',
	image: 'images',
	collection: 'collections'
};

/** Writes `set` (fields of PATCHABLE) to a live row (not in the Trash, not discarded); false when there is none. */
export async function updateLiveRow(
	db: Db,
	entity: TrashEntity,
	userId: string,
	id: string,
	set: Record<string, unknown>
): Promise<boolean> {
	const assignments = Object.entries(set).map(([field, value]) => {
		const target = PATCHABLE[field];
		if (!target) throw new Error(`${field} is not a patchable field`);
		const column = sql.raw(target.column);
		return target.json
			? sql`${column} = ${value === null ? null : JSON.stringify(value)}::jsonb`
			: sql`${column} = ${value}`;
	});
	const result =
		await db.execute(sql`update ${sql.raw(TABLE_NAMES[entity])} set ${sql.join(assignments, sql`, `)}
		where user_id = ${userId} and id = ${id} and deleted_at is null and discarded_at is null returning 1 as one`);
	return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows).length > 0;
}

/** Moves a row to the Trash, or out of it; false when nothing changed. */
export async function setTrashed(
	db: Db,
	entity: TrashEntity,
	key: { userId: string; id: string },
	trashed: boolean,
	now: number
): Promise<boolean> {
	const table: TrashTable = TABLES[entity];
	const rows = await db
		.update(table)
		.set({ deletedAt: trashed ? now : null, updatedAt: now })
		.where(
			and(
				keyOf(table, key.userId, key.id),
				isNull(table.discardedAt),
				trashed ? isNull(table.deletedAt) : isNotNull(table.deletedAt)
			)
		)
		.returning({ id: table.id });
	return rows.length > 0;
}

/** Discards a row (a tombstone from now on); false when it was already discarded or is missing. */
export async function discardRow(
	db: Db,
	entity: TrashEntity,
	key: { userId: string; id: string },
	now: number
): Promise<boolean> {
	const table: TrashTable = TABLES[entity];
	const rows = await db
		.update(table)
		.set({ discardedAt: now, updatedAt: now })
		.where(and(keyOf(table, key.userId, key.id), isNull(table.discardedAt)))
		.returning({ id: table.id });
	return rows.length > 0;
}
