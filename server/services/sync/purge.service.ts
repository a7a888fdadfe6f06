/**
 * The daily sync purge (SYNC §4.8): rows in the Trash longer than SYNC_TRASH_DAYS are discarded,
 * tombstones older than SYNC_TOMBSTONE_DAYS are deleted for good and min_cursor moves past them,
 * so a device whose cursor is older pulls a `reset`. Never touches live rows.
 */
import { deleteOldTombstones, discardOldTrash } from '../../db/repositories/sync/purge.repository';
import type { Db } from '../../db/client';

const DAY_MS = 86_400_000;

export interface PurgeOptions {
	trashDays: number;
	tombstoneDays: number;
	now: number;
}

/** One purge pass over every user; safe to run from several relays at once. */
export async function purgeSync(
	db: Db,
	options: PurgeOptions
): Promise<{ discarded: number; deleted: number }> {
	const discarded = await discardOldTrash(
		db,
		options.now - options.trashDays * DAY_MS,
		options.now
	);
	const deleted = await deleteOldTombstones(db, options.now - options.tombstoneDays * DAY_MS);
	return { discarded, deleted };
}
