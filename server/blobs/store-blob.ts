/**
 * Writes a blob's bytes, then the rows that make it readable — safely beside the garbage collector.
 * The GC deletes a dead blob's row and its bytes in one transaction, and a writer's row insert waits
 * for that transaction. So if our put found the bytes already there (a no-op) and a sweep removed
 * them before our row landed, the bytes are gone once our row is in: check, and write them again.
 */
import type { Db } from '../db/client';
import { recordBlob } from '../db/repositories/blobs.repository';
import type { BlobStore } from './blob-store';

export interface BlobToStore {
	sha256: string;
	bytes: Uint8Array;
	mime: string;
	width?: number | null;
	height?: number | null;
}

export async function storeBlob(
	deps: { db: Db; blobStore: BlobStore; metrics?: { blobStored(bytes: number): void } },
	blob: BlobToStore,
	userId: string,
	now: number
): Promise<void> {
	const wrote = await deps.blobStore.put(blob.sha256, blob.bytes);
	if (wrote) deps.metrics?.blobStored(blob.bytes.byteLength);
	await recordBlob(deps.db, {
		sha256: blob.sha256,
		bytesLen: blob.bytes.byteLength,
		mime: blob.mime,
		width: blob.width,
		height: blob.height,
		userId,
		now
	});
	if (!wrote && !(await deps.blobStore.has(blob.sha256)))
		await deps.blobStore.put(blob.sha256, blob.bytes);
}
