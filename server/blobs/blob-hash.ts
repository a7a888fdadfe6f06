/** The sha256 check every store runs before it writes. */
import { createHash } from 'node:crypto';
import { assertBlobKey, BlobIntegrityError } from './blob-store';

export function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Throws unless `bytes` hash to `sha256` (and the key is a well-formed hash). */
export function assertBlobBytes(sha256: string, bytes: Uint8Array): void {
	assertBlobKey(sha256);
	const actual = sha256Hex(bytes);
	if (actual !== sha256) throw new BlobIntegrityError(sha256, actual);
}
