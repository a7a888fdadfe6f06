/**
 * An original's bytes for export: from the device when there, else fetched from the relay.
 * Fetched bytes are NOT cached in Dexie: exporting 1,000 images must not fill the device.
 */
import type { StudioDB } from '../db/database';
import { getBlob } from '../db/blob.repository';
import { fetchBlob } from '../relay/blobs';
import { relayFailureOf } from '../relay/errors';

/**
 * The original's bytes, or undefined when it is neither on the device nor at the relay (offline,
 * gone). Rethrows aborts and unexpected failures.
 */
export async function loadOriginalForExport(
	db: StudioDB,
	sha256: string,
	signal?: AbortSignal
): Promise<Uint8Array | undefined> {
	const local = await getBlob(db, sha256);
	if (local) return new Uint8Array(local.bytes);
	try {
		return new Uint8Array((await fetchBlob(sha256, signal)).bytes);
	} catch (error) {
		if ((error as { name?: string }).name === 'AbortError') throw error;
		const { code } = relayFailureOf(error);
		if (code === 'NETWORK' || code === 'NOT_FOUND' || code === 'FORBIDDEN') return undefined;
		throw error;
	}
}
