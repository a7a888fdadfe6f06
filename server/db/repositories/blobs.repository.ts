/** Blob metadata and per-user read rights (blob_refs); the bytes live in the blob store. */
import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../client';
import { blobRefs, blobs } from '../schema/index';

export type BlobRow = typeof blobs.$inferSelect;

/** Records a blob (once) and that `userId` may read it (renewing the reference's time). */
export async function recordBlob(
	db: Db,
	input: {
		sha256: string;
		bytesLen: number;
		mime: string;
		width?: number | null;
		height?: number | null;
		userId: string;
		now: number;
	}
): Promise<void> {
	await db
		.insert(blobs)
		.values({
			sha256: input.sha256,
			bytesLen: input.bytesLen,
			mime: input.mime,
			width: input.width ?? null,
			height: input.height ?? null,
			createdAt: input.now
		})
		.onConflictDoNothing();
	// A repeated upload renews the reference: the GC's grace period counts from the last use.
	await db
		.insert(blobRefs)
		.values({ userId: input.userId, sha256: input.sha256, createdAt: input.now })
		.onConflictDoUpdate({
			target: [blobRefs.userId, blobRefs.sha256],
			set: { createdAt: input.now }
		});
}

/** The blob's metadata when `userId` may read it, else undefined (unknown and foreign look the same). */
export async function findReadableBlob(
	db: Db,
	userId: string,
	sha256: string
): Promise<BlobRow | undefined> {
	const rows = await db
		.select({ blob: blobs })
		.from(blobRefs)
		.innerJoin(blobs, eq(blobs.sha256, blobRefs.sha256))
		.where(and(eq(blobRefs.userId, userId), eq(blobRefs.sha256, sha256)))
		.limit(1);
	return rows[0]?.blob;
}

/** Of `hashes`, the blobs `userId` may read that are at most `maxBytes` long (one query). */
export function findReadableSmallBlobs(
	db: Db,
	userId: string,
	hashes: string[],
	maxBytes: number
): Promise<Pick<BlobRow, 'sha256' | 'mime'>[]> {
	if (hashes.length === 0) return Promise.resolve([]);
	return db
		.select({ sha256: blobs.sha256, mime: blobs.mime })
		.from(blobRefs)
		.innerJoin(blobs, eq(blobs.sha256, blobRefs.sha256))
		.where(
			and(
				eq(blobRefs.userId, userId),
				inArray(blobRefs.sha256, hashes),
				lte(blobs.bytesLen, maxBytes)
			)
		);
}
