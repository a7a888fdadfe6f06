/**
 * The one scheduled cleanup: the sync purge (Trash and tombstones), finished generations past the
 * retention, old rate-limit windows, then the blob GC (last, so blobs freed by the purge go in the
 * same run). Safe to run from several relays at once; a dry run counts and changes nothing.
 * Every run logs one line of what it removed.
 */
import type { BlobStore } from '../../blobs/blob-store';
import type { Db } from '../../db/client';
import { deleteFinishedGenerations } from '../../db/repositories/blob-gc.repository';
import { deleteWindowsBefore } from '../../db/repositories/limits.repository';
import type { Logger } from '../../logger';
import { RATE_WINDOW_MS } from '../rate-limit';
import { purgeSync } from '../sync/purge.service';
import { collectBlobGarbage, type BlobGcResult } from './blob-gc';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const CLEANUP_INTERVAL_MS = DAY_MS;

export interface CleanupDeps {
	db: Db;
	blobStore: BlobStore;
	logger: Logger;
	now: () => number;
	env: {
		SYNC_TRASH_DAYS: number;
		SYNC_TOMBSTONE_DAYS: number;
		RETENTION_DAYS: number;
		BLOB_GC_GRACE_HOURS: number;
	};
}

export interface CleanupReport {
	dryRun: boolean;
	sync: { discarded: number; deleted: number } | 'skipped in a dry run';
	generations: number;
	blobs: BlobGcResult;
	ms: number;
}

export async function runCleanup(
	deps: CleanupDeps,
	options: { dryRun?: boolean } = {}
): Promise<CleanupReport> {
	const dryRun = options.dryRun ?? false;
	const started = performance.now();
	const now = deps.now();
	const sync = dryRun
		? ('skipped in a dry run' as const)
		: await purgeSync(deps.db, {
				trashDays: deps.env.SYNC_TRASH_DAYS,
				tombstoneDays: deps.env.SYNC_TOMBSTONE_DAYS,
				now
			});
	const generations = await deleteFinishedGenerations(
		deps.db,
		now - deps.env.RETENTION_DAYS * DAY_MS,
		dryRun
	);
	if (!dryRun) await deleteWindowsBefore(deps.db, now - 2 * RATE_WINDOW_MS);
	const blobs = await collectBlobGarbage(deps, {
		cutoff: now - deps.env.BLOB_GC_GRACE_HOURS * HOUR_MS,
		dryRun
	});
	const report: CleanupReport = {
		dryRun,
		sync,
		generations,
		blobs,
		ms: Math.round(performance.now() - started)
	};
	deps.logger.info(report, dryRun ? 'cleanup (dry run): would remove' : 'cleanup removed');
	return report;
}

/** Runs the cleanup now and then daily; the timer never keeps the process alive. */
export function scheduleCleanup(deps: CleanupDeps): () => void {
	const run = () =>
		void runCleanup(deps).catch((error: unknown) =>
			deps.logger.error({ err: error }, 'cleanup failed')
		);
	const first = setTimeout(run, 0);
	const timer = setInterval(run, CLEANUP_INTERVAL_MS);
	first.unref();
	timer.unref();
	return () => {
		clearTimeout(first);
		clearInterval(timer);
	};
}
