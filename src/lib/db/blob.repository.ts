/**
 * Image bytes on the device, keyed by sha256 and stored as ArrayBuffer (SYNC §4.3). Reads note
 * `lastAccessAt` for a later eviction policy. Must not evict or delete anything itself.
 */
import type { BlobRecord, StudioDB } from './database';
import { guardStorage } from './storage-errors';

/** How stale `lastAccessAt` may get before a read refreshes it (saves a write per render). */
const ACCESS_RESOLUTION_MS = 60_000;

/** What a caller knows about bytes it wants to keep. */
export interface BlobInput {
	sha256: string;
	bytes: ArrayBuffer;
	mime: string;
	kind: BlobRecord['kind'];
	/** 1 when the relay already holds these bytes (downloaded from it), 0 for local originals. */
	uploaded?: 0 | 1;
}

/** The stored record for some bytes; for writing inside a caller's transaction. */
export function toBlobRecord(input: BlobInput, now: number = Date.now()): BlobRecord {
	return {
		sha256: input.sha256,
		bytes: input.bytes,
		mime: input.mime,
		kind: input.kind,
		uploaded: input.uploaded ?? 1,
		lastAccessAt: now,
		pinned: 0
	};
}

/**
 * Stores bytes under their hash (same bytes, same key: a second put is harmless).
 * @throws {StorageFullError} when the device is out of space.
 */
export function putBlob(db: StudioDB, input: BlobInput, now: number = Date.now()): Promise<void> {
	return guardStorage(async () => {
		await db.blobs.put(toBlobRecord(input, now));
	});
}

/**
 * Stores many blobs in one transaction (a batch of thumbnails).
 * @throws {StorageFullError} when the device is out of space (then none is stored).
 */
export function putBlobs(
	db: StudioDB,
	inputs: BlobInput[],
	now: number = Date.now()
): Promise<void> {
	if (inputs.length === 0) return Promise.resolve();
	return guardStorage(async () => {
		await db.blobs.bulkPut(inputs.map((input) => toBlobRecord(input, now)));
	});
}

/** The bytes stored under a hash, or undefined; refreshes `lastAccessAt` when it is stale. */
export async function getBlob(
	db: StudioDB,
	sha256: string,
	now: number = Date.now()
): Promise<BlobRecord | undefined> {
	const record = await db.blobs.get(sha256);
	if (record && now - record.lastAccessAt > ACCESS_RESOLUTION_MS) {
		// Bookkeeping only: a full disk must not make an image unreadable.
		await db.blobs.update(sha256, { lastAccessAt: now }).catch(() => 0);
	}
	return record;
}

/** True when the bytes for a hash are on this device. */
export async function hasBlob(db: StudioDB, sha256: string): Promise<boolean> {
	return (await db.blobs.where('sha256').equals(sha256).count()) > 0;
}
