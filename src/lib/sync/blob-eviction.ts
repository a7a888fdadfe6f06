/**
 * How much image storage this device uses, and freeing it by dropping originals the relay already
 * holds (SYNC §4.9), least recently viewed first. Must never drop an original the relay does not
 * have yet (`uploaded = 0`), a pinned one, or any thumbnail: those cannot be fetched back.
 */
import type { BlobRecord, StudioDB } from '../db/database';

/** Bytes of image data on this device, by what would happen if it were dropped. */
export interface StorageUsage {
	/** Thumbnails (always kept: the gallery needs them offline). */
	thumbnails: number;
	/** Originals the relay holds, not pinned: "Free up space" may drop them. */
	originalsOnRelay: number;
	/** Originals not uploaded yet: only copy is here, never evicted. */
	originalsOnlyHere: number;
	/** Originals the relay holds that the person keeps offline on purpose. */
	pinned: number;
	/** How many originals could be freed (those counted in `originalsOnRelay`). */
	evictableCount: number;
	total: number;
}

/** Which group an original falls into; thumbnails are never evictable. */
function isEvictable(record: BlobRecord): boolean {
	return record.kind === 'original' && record.uploaded === 1 && record.pinned === 0;
}

/** Sums the stored bytes of every blob on this device (reads each record once, one at a time). */
export async function storageUsage(db: StudioDB): Promise<StorageUsage> {
	const usage: StorageUsage = {
		thumbnails: 0,
		originalsOnRelay: 0,
		originalsOnlyHere: 0,
		pinned: 0,
		evictableCount: 0,
		total: 0
	};
	await db.blobs.each((record) => {
		const size = record.bytes.byteLength;
		usage.total += size;
		if (record.kind === 'thumb') usage.thumbnails += size;
		else if (record.uploaded === 0) usage.originalsOnlyHere += size;
		else if (record.pinned === 1) usage.pinned += size;
		else {
			usage.originalsOnRelay += size;
			usage.evictableCount += 1;
		}
	});
	return usage;
}

/** What an eviction removed. */
export interface EvictionResult {
	count: number;
	bytes: number;
}

/**
 * Deletes uploaded, unpinned originals, least recently accessed first, until at least
 * `bytesToFree` bytes are gone or none are left (pass `Infinity` to drop them all). One rw
 * transaction, so a blob whose `uploaded`/`pinned` changes meanwhile is judged on its new value.
 * They download again from the relay when viewed.
 */
export function evictOriginals(
	db: StudioDB,
	options: { bytesToFree: number }
): Promise<EvictionResult> {
	const result: EvictionResult = { count: 0, bytes: 0 };
	if (!(options.bytesToFree > 0)) return Promise.resolve(result);
	return db.transaction('rw', db.blobs, async () => {
		const doomed: string[] = [];
		await db.blobs
			.orderBy('lastAccessAt')
			.until(() => result.bytes >= options.bytesToFree)
			.each((record) => {
				if (!isEvictable(record)) return;
				doomed.push(record.sha256);
				result.count += 1;
				result.bytes += record.bytes.byteLength;
			});
		await db.blobs.bulkDelete(doomed);
		return result;
	});
}
