/**
 * Downloads blob bytes from the relay (`GET /blob/<sha256>`, cookie auth, immutable cache) and
 * checks that they hash to the name asked for. Must not store anything (callers do, in Dexie).
 */
import { sha256Hex } from '../shared/hash';
import { RelayHttpError } from './errors';

/** Bytes of one content-addressed blob, as stored. */
export interface FetchedBlob {
	bytes: ArrayBuffer;
	mime: string;
}

/**
 * Fetches a blob the signed-in user may read.
 * @throws {RelayHttpError} on a non-2xx answer; `TypeError` when the relay cannot be reached;
 *   `Error` when the bytes do not match the hash.
 */
export async function fetchBlob(sha256: string, signal?: AbortSignal): Promise<FetchedBlob> {
	const response = await fetch(`/blob/${sha256}`, { signal, credentials: 'same-origin' });
	if (!response.ok)
		throw new RelayHttpError(response.status, `GET /blob answered ${response.status}`);
	const bytes = await response.arrayBuffer();
	if ((await sha256Hex(bytes)) !== sha256)
		throw new Error(`Blob ${sha256} arrived with different bytes`);
	return { bytes, mime: response.headers.get('content-type') ?? 'application/octet-stream' };
}
