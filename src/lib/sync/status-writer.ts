/**
 * Keeps the leader's {@link SyncStatus} and writes it to Dexie `meta` only when it changes, one
 * write at a time (the header reads it with a live query). Must not decide anything about sync.
 */
import type { StudioDB } from '../db/database';
import { INITIAL_SYNC_STATUS, SYNC_STATUS_KEY, type SyncStatus } from './status';

export class SyncStatusWriter {
	#status: SyncStatus = { ...INITIAL_SYNC_STATUS };
	#writes: Promise<void> = Promise.resolve();

	constructor(
		private readonly db: StudioDB,
		private readonly now: () => number
	) {}

	get current(): SyncStatus {
		return this.#status;
	}

	/** Merges a change; writes it when something other than the timestamp differs. */
	update(patch: Partial<Omit<SyncStatus, 'updatedAt'>>): Promise<void> {
		const next: SyncStatus = { ...this.#status, ...patch };
		const before = JSON.stringify({ ...this.#status, updatedAt: 0 });
		if (JSON.stringify({ ...next, updatedAt: 0 }) === before) return this.#writes;
		if (next.phase !== this.#status.phase) next.updatedAt = this.now();
		this.#status = next;
		// A status that cannot be stored (closed database, full disk) must not stop sync.
		this.#writes = this.#writes.then(() =>
			this.db.meta.put({ key: SYNC_STATUS_KEY, value: next }).then(
				() => undefined,
				() => undefined
			)
		);
		return this.#writes;
	}

	/** Resolves once every status so far is written (tests, shutdown). */
	flushed(): Promise<void> {
		return this.#writes;
	}
}
