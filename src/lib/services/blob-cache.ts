/**
 * Image bytes for display: from Dexie when present, else (when allowed) from the relay, cached
 * in Dexie for next time. Must not evict anything.
 */
import type { BlobRecord, StudioDB } from '../db/database';
import { getBlob, putBlob, toBlobRecord } from '../db/blob.repository';
import { fetchBlob } from '../relay/blobs';
import { relayFailureOf } from '../relay/errors';

export interface LoadBlobOptions {
	kind: BlobRecord['kind'];
	/** Ask the relay when the bytes are not on the device (pass false when offline). */
	fetchIfMissing: boolean;
	/** Told when the bytes were fetched but could not be cached (e.g. storage full). */
	onCacheError?: (error: unknown) => void;
	signal?: AbortSignal;
}

/**
 * The bytes of a blob, or undefined when they are not on the device and cannot be fetched
 * (offline, unknown to the relay). Throws only for unexpected failures.
 */
export async function loadBlob(
	db: StudioDB,
	sha256: string,
	options: LoadBlobOptions
): Promise<BlobRecord | undefined> {
	const local = await getBlob(db, sha256);
	if (local || !options.fetchIfMissing) return local;
	try {
		const fetched = await fetchBlob(sha256, options.signal);
		const input = {
			sha256,
			bytes: fetched.bytes,
			mime: fetched.mime,
			kind: options.kind,
			uploaded: 1 as const
		};
		await putBlob(db, input).catch((error: unknown) => options.onCacheError?.(error));
		return toBlobRecord(input);
	} catch (error) {
		const { code } = relayFailureOf(error);
		if (code === 'NETWORK' || code === 'NOT_FOUND') return undefined;
		throw error;
	}
}
