/** sha256 hex of bytes, with Web Crypto (browser, worker and Node). Content addresses for blobs. */
import { z } from 'zod';

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase sha256 hex');

/** Lowercase hex sha256 of the given bytes. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
	const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
