/**
 * Where blob bytes live, by sha256: a local folder (default) or an S3-compatible bucket
 * (BLOB_STORE=s3), so several relays on several machines can share them. Authorization is not
 * the store's business: routes check `blob_refs` before they read.
 *
 * Writes take bytes: every blob is an image the relay has just checked and re-encoded in memory
 * (uploads are capped at 15 MiB), so there is no stream to pass on. Reads stream.
 */
import type { Readable } from 'node:stream';

export interface StoredBlob {
	sha256: string;
	size: number;
	/** When the store last wrote it (ms since epoch); the GC's grace period counts from here. */
	modifiedAt: number;
}

export interface BlobStore {
	readonly kind: 'fs' | 's3';
	/**
	 * Stores bytes under their hash (checked: a mismatch throws BlobIntegrityError). A second put is a
	 * no-op; the answer says whether this call wrote (see store-blob.ts for why that matters).
	 */
	put(sha256: string, bytes: Uint8Array): Promise<boolean>;
	/** The bytes, or null when missing. For small blobs (thumbnails) and image processing. */
	get(sha256: string): Promise<Uint8Array | null>;
	/** The bytes as a stream with their size, or null when missing. For downloads. */
	open(sha256: string): Promise<{ size: number; body: Readable } | null>;
	has(sha256: string): Promise<boolean>;
	/** Removes the blob; removing a missing one is not an error. */
	delete(sha256: string): Promise<void>;
	/** Every blob in the store, in no particular order (for the garbage collector). */
	list(): AsyncIterable<StoredBlob>;
}

export class BlobIntegrityError extends Error {
	constructor(
		readonly expected: string,
		readonly actual: string
	) {
		super(`Blob bytes hash to ${actual.slice(0, 12)}…, not ${expected.slice(0, 12)}…`);
		this.name = 'BlobIntegrityError';
	}
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Refuses anything but a lowercase hex sha256, so no key can escape the store's root or prefix. */
export function assertBlobKey(sha256: string): void {
	if (!SHA256.test(sha256)) throw new Error('Invalid blob key');
}

export function isBlobKey(name: string): boolean {
	return SHA256.test(name);
}
