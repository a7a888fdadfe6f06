/**
 * The daily sync purge (SYNC §4.8): rows in the Trash longer than SYNC_TRASH_DAYS are discarded,
 * tombstones older than SYNC_TOMBSTONE_DAYS are deleted for good and min_cursor moves past them,
 * so a device whose cursor is older pulls a `reset`. Never touches live rows.
 */
import { deleteOldTombstones, discardOldTrash } from '../../db/repositories/sync/purge.repository';
import type { Db } from '../../db/client';
import type { Logger } from '../../logger';

const DAY_MS = 86_400_000;
/** How often the purge runs in a relay process. */
export const PURGE_INTERVAL_MS = DAY_MS;

export interface PurgeOptions {
	trashDays: number;
	tombstoneDays: number;
	now: number;
}

/** One purge pass over every user; safe to run from several relays at once. */
export async function purgeSync(db: Db, options: PurgeOptions): Promise<{ discarded: number; deleted: number }> {
	const discarded = await discardOldTrash(db, options.now - options.trashDays * DAY_MS, options.now);
	const deleted = await deleteOldTombstones(db, options.now - options.tombstoneDays * DAY_MS);
	return { discarded, deleted };
}

/** Runs the purge now and then every day; the timer never keeps the process alive. */
export function schedulePurge(deps: { db: Db; logger: Logger; now: () => number; env: { SYNC_TRASH_DAYS: number; SYNC_TOMBSTONE_DAYS: number } }): () => void {
	const run = () =>
		purgeSync(deps.db, { trashDays: deps.env.SYNC_TRASH_DAYS, tombstoneDays: deps.env.SYNC_TOMBSTONE_DAYS, now: deps.now() })
			.then((result) => (result.discarded || result.deleted) && deps.logger.info(result, 'sync purge'))
			.catch((error: unknown) => deps.logger.error({ err: error }, 'sync purge failed'));
	const first = setTimeout(run, 0);
	const timer = setInterval(run, PURGE_INTERVAL_MS);
	first.unref();
	timer.unref();
	return () => {
		clearTimeout(first);
		clearInterval(timer);
	};
}
