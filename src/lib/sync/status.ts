/**
 * What the sync worker tells every tab about itself, stored in Dexie `meta` under
 * {@link SYNC_STATUS_KEY} by the leader and read by the header with a live query. Plain data only:
 * the UI never calls into the sync loop to learn its state.
 */

/** The `meta` key of the current {@link SyncStatus}. */
export const SYNC_STATUS_KEY = 'syncStatus';

/**
 * - `idle`: everything sent and received (pending outbox entries may still exist in other tabs'
 *   writes not yet seen; the UI counts the outbox itself).
 * - `syncing`: a push or pull is running.
 * - `offline`: the relay cannot be reached; changes wait in the outbox.
 * - `update-required`: the relay refused this app version (426); the outbox is kept.
 * - `signed-out`: the relay says the session is gone.
 * - `error`: the last round failed for another reason (`lastError`); it is retried with back-off.
 */
export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'update-required' | 'signed-out' | 'error';

export interface SyncStatus {
	phase: SyncPhase;
	/** During a first sync (empty device or after a reset): rows stored so far of the total. */
	bootstrap: { done: number; total: number } | null;
	/** Thumbnails still to download after the pulls so far. */
	thumbnailsPending: number;
	/** When a round last finished with nothing left to send or receive (ms). */
	lastSyncedAt: number | null;
	/** A short English detail of the last failure, for the tooltip and the log. */
	lastError: string | null;
	/** When the phase last changed (ms). */
	updatedAt: number;
}

export const INITIAL_SYNC_STATUS: SyncStatus = {
	phase: 'idle',
	bootstrap: null,
	thumbnailsPending: 0,
	lastSyncedAt: null,
	lastError: null,
	updatedAt: 0
};

/** A mutation the relay refused for good; kept in Dexie `syncRejections` until the person dismisses it. */
export interface SyncRejection {
	mid: number;
	name: string;
	args: unknown;
	/** See RejectedMutationSchema in shared/schemas/sync.ts. */
	code: string;
	message: string;
	at: number;
}
