/**
 * What the UI reads about sync: the status the leader's sync loop writes to `meta`, how many
 * changes wait in the outbox, the changes the relay refused, and whether some bytes have arrived.
 * Reads only, plus dismissing a refusal (a local-only table); never writes synced rows or the outbox.
 */
import {
	INITIAL_SYNC_STATUS,
	SYNC_STATUS_KEY,
	type SyncRejection,
	type SyncStatus
} from '../sync/status';
import type { StudioDB } from './database';
import { live, type LiveResult } from './live';

/** The current sync status; the initial (idle) one until the sync loop has written any. */
export async function getSyncStatus(db: StudioDB): Promise<SyncStatus> {
	const value = (await db.meta.get(SYNC_STATUS_KEY))?.value;
	if (!value || typeof value !== 'object') return INITIAL_SYNC_STATUS;
	return { ...INITIAL_SYNC_STATUS, ...(value as Partial<SyncStatus>) };
}

/** {@link getSyncStatus}, live. */
export function watchSyncStatus(db: StudioDB): LiveResult<SyncStatus> {
	return live(() => getSyncStatus(db));
}

/** How many local changes have not reached the relay yet. */
export function countPendingChanges(db: StudioDB): Promise<number> {
	return db.outbox.count();
}

/** {@link countPendingChanges}, live. */
export function watchPendingChanges(db: StudioDB): LiveResult<number> {
	return live(() => countPendingChanges(db));
}

/** Changes the relay refused for good, newest first. */
export function watchRejections(db: StudioDB): LiveResult<SyncRejection[]> {
	return live(async () => await db.syncRejections.orderBy('at').reverse().toArray());
}

/** Hides a refused change once the person has read it (local-only: it is never synced). */
export async function dismissRejection(db: StudioDB, mid: number): Promise<void> {
	await db.syncRejections.delete(mid);
}

/**
 * True once the bytes for any of the hashes are on the device; a tile showing a placeholder
 * watches this to redraw when the sync loop stores its thumbnail.
 */
export function watchBlobArrival(db: StudioDB, hashes: string[]): LiveResult<boolean> {
	const wanted = hashes.filter((hash) => hash.length > 0);
	return live(
		async () => wanted.length > 0 && (await db.blobs.where('sha256').anyOf(wanted).count()) > 0
	);
}
