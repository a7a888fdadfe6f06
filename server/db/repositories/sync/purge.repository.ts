/**
 * The purge's statements (SYNC §4.8). Each runs in its own short transaction on at most BATCH rows;
 * a hard delete raises the owners' min_cursor in the same statement, so no puller can miss a
 * tombstone without being told to reset.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../client';
import { rowsOf } from '../../rows';

const BATCH = 1000;

/** Tables with a Trash and a discard, and the column list of their key. */
const TRASHABLE = ['prompts', 'images', 'collections'] as const;

/** Discards rows that sat in the Trash since before `cutoff`; returns how many. */
export async function discardOldTrash(db: Db, cutoff: number, now: number): Promise<number> {
	let total = 0;
	for (const table of TRASHABLE) {
		for (;;) {
			const t = sql.raw(table);
			const done = rowsOf<{ one: number }>(
				await db.execute(sql`update ${t} set discarded_at = ${now}, updated_at = ${now}
					where (user_id, id) in (select user_id, id from ${t} where deleted_at < ${cutoff} and discarded_at is null limit ${BATCH})
					returning 1 as one`)
			).length;
			total += done;
			if (done < BATCH) break;
		}
	}
	return total;
}

/** One batch: delete tombstones matched by `where` (over `key`), raise min_cursor to their highest seq. */
async function deleteBatch(
	db: Db,
	table: string,
	key: string,
	where: ReturnType<typeof sql>
): Promise<number> {
	const t = sql.raw(table);
	const k = sql.raw(key);
	const rows = rowsOf<{ n: number }>(
		await db.execute(sql`with gone as (
				delete from ${t} where (${k}) in (select ${k} from ${t} where ${where} limit ${BATCH}) returning user_id, seq
			), top as (select user_id, max(seq) as seq, count(*) as n from gone group by user_id),
			raised as (update sync_state s set min_cursor = greatest(s.min_cursor, top.seq) from top where s.user_id = top.user_id returning 1)
			select coalesce(sum(n), 0)::int as n from top`)
	);
	return Number(rows[0]?.n ?? 0);
}

/** Hard-deletes tombstones older than `cutoff` (discarded rows, removed memberships and tags) and old log entries; returns how many tombstones. */
export async function deleteOldTombstones(db: Db, cutoff: number): Promise<number> {
	const targets: [string, string, ReturnType<typeof sql>][] = [
		['collection_images', 'user_id, collection_id, image_id', sql`deleted_at < ${cutoff}`],
		['prompt_tags', 'user_id, prompt_id, tag', sql`deleted_at < ${cutoff}`],
		['prompts', 'user_id, id', sql`discarded_at < ${cutoff}`],
		['images', 'user_id, id', sql`discarded_at < ${cutoff}`],
		['collections', 'user_id, id', sql`discarded_at < ${cutoff}`]
	];
	let total = 0;
	for (const [table, key, where] of targets) {
		for (;;) {
			const n = await deleteBatch(db, table, key, where);
			total += n;
			if (n < BATCH) break;
		}
	}
	// The mutation log is an audit trail and test oracle, not history to keep forever.
	await db.execute(sql`delete from mutation_log where at < ${cutoff}`);
	// Satellites of prompts that are gone (they are never sent on their own).
	await db.execute(
		sql`delete from prompt_counters c where not exists (select 1 from prompts p where p.user_id = c.user_id and p.id = c.prompt_id)`
	);
	await db.execute(
		sql`delete from prompt_revisions r where not exists (select 1 from prompts p where p.user_id = r.user_id and p.id = r.prompt_id)`
	);
	return total;
}
