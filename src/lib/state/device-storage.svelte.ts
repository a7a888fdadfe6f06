/**
 * "Storage on this device" as runes: measures what the image bytes take and frees the originals
 * the relay holds. The rules of what may be dropped live in sync/blob-eviction.ts, not here.
 */
import type { StudioDB } from '../db/database';
import {
	evictOriginals,
	storageUsage,
	type EvictionResult,
	type StorageUsage
} from '../sync/blob-eviction';

export class DeviceStorage {
	usage = $state.raw<StorageUsage | null>(null);
	/** What the last "Free up space" removed, for the confirmation. */
	freed = $state.raw<EvictionResult | null>(null);
	isBusy = $state(false);

	/** Measures again (after opening the page or freeing space). */
	async measure(db: StudioDB): Promise<void> {
		this.usage = await storageUsage(db);
	}

	/** Drops every original the relay holds (they download again when viewed), then re-measures. */
	async freeUpSpace(db: StudioDB): Promise<void> {
		this.isBusy = true;
		try {
			this.freed = await evictOriginals(db, { bytesToFree: Infinity });
			await this.measure(db);
		} finally {
			this.isBusy = false;
		}
	}
}
