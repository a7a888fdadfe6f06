/**
 * The device's sync state as runes for the header, banners and gallery: the status the sync loop
 * writes, the outbox count and refused changes, all followed with live queries while a user's
 * database is open. UI state only: it never starts or steers the sync loop.
 */
import type { StudioDB } from '../db/database';
import { watchPendingChanges, watchRejections, watchSyncStatus } from '../db/sync.repository';
import type { LiveResult } from '../db/live';
import { handleError } from '../errors';
import { getClientId } from '../sync/client-id';
import { INITIAL_SYNC_STATUS, type SyncRejection, type SyncStatus } from '../sync/status';
import { connection } from './connection.svelte';
import { describeSync } from './sync-view';

class SyncState {
	status = $state.raw<SyncStatus>(INITIAL_SYNC_STATUS);
	/** Changes on this device that have not reached the relay. */
	pending = $state(0);
	rejections = $state.raw<SyncRejection[]>([]);
	/** This device's client id (jobs name their owner device by it); null until read. */
	clientId = $state<string | null>(null);
	/** What the header says (see describeSync). */
	view = $derived(
		describeSync({
			status: this.status,
			pending: this.pending,
			rejections: this.rejections,
			isBrowserOnline: connection.online
		})
	);
	/** A first sync (empty device or after a reset) is filling the library. */
	isFirstSync = $derived(this.status.bootstrap !== null);
	/** Images may still be missing because the device is catching up, not because they are gone. */
	isCatchingUp = $derived(this.status.bootstrap !== null || this.status.thumbnailsPending > 0);

	#subscriptions: { unsubscribe(): void }[] = [];

	/** Follows a user's database; call when it opens (the layout does). */
	attach(db: StudioDB): void {
		this.detach();
		this.#follow(watchSyncStatus(db), (value) => (this.status = value));
		this.#follow(watchPendingChanges(db), (value) => (this.pending = value));
		this.#follow(watchRejections(db), (value) => (this.rejections = value));
		getClientId(db)
			.then((id) => (this.clientId = id))
			.catch((error: unknown) => handleError(error, 'client id', { toast: false }));
	}

	/** Stops following and forgets (sign-out). */
	detach(): void {
		for (const subscription of this.#subscriptions) subscription.unsubscribe();
		this.#subscriptions = [];
		this.status = INITIAL_SYNC_STATUS;
		this.pending = 0;
		this.rejections = [];
		this.clientId = null;
	}

	#follow<T>(result: LiveResult<T>, next: (value: T) => void): void {
		this.#subscriptions.push(
			result.subscribe({
				next,
				error: (error) => handleError(error, 'sync status', { toast: false })
			})
		);
	}
}

/** The app's one sync state. */
export const syncState = new SyncState();
