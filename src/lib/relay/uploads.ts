/**
 * Uploads a source image to the relay (`PUT /blob/<sha256-of-body>`, cookie auth). The relay
 * cleans the image and answers with the stored blob's hash, which may differ from the upload's:
 * callers must use the returned `sha256`. Must not store anything (callers do, in Dexie).
 */
import { CLIENT_HEADER, PROTOCOL_VERSION } from '../shared/protocol';
import { sha256Hex } from '../shared/hash';

/** What the relay stored. */
export interface UploadedBlob {
	sha256: string;
	thumbSha256: string;
	width: number;
	height: number;
	mime: string;
	bytes: number;
}

/** Why an upload failed, for the message shown. */
export type UploadErrorKind = 'TOO_LARGE' | 'UNSUPPORTED' | 'UNREADABLE' | 'NETWORK' | 'FAILED';

export class UploadError extends Error {
	constructor(
		readonly kind: UploadErrorKind,
		message: string,
		/** The relay's HTTP status, when it answered (503 = busy, worth a retry). */
		readonly status?: number
	) {
		super(message);
		this.name = 'UploadError';
	}
}

export const SOURCE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_SOURCE_BYTES = 15 * 1024 * 1024;

const KIND_BY_STATUS: Record<number, UploadErrorKind> = {
	413: 'TOO_LARGE',
	415: 'UNSUPPORTED',
	422: 'UNREADABLE'
};

/**
 * Uploads the bytes; returns the relay's record (use its `sha256`).
 * @throws {UploadError}
 */
export async function uploadSource(bytes: ArrayBuffer, mime: string): Promise<UploadedBlob> {
	if (!(SOURCE_MIME_TYPES as readonly string[]).includes(mime))
		throw new UploadError('UNSUPPORTED', `Unsupported type ${mime}`);
	if (bytes.byteLength > MAX_SOURCE_BYTES)
		throw new UploadError('TOO_LARGE', `Too large: ${bytes.byteLength} bytes`);
	const hash = await sha256Hex(bytes);
	let response: Response;
	try {
		response = await fetch(`/blob/${hash}`, {
			method: 'PUT',
			credentials: 'same-origin',
			headers: { [CLIENT_HEADER]: String(PROTOCOL_VERSION), 'content-type': mime },
			body: bytes
		});
	} catch (error) {
		throw new UploadError('NETWORK', error instanceof Error ? error.message : String(error));
	}
	if (!response.ok) {
		const body = (await response.json().catch(() => null)) as { message?: string } | null;
		throw new UploadError(
			KIND_BY_STATUS[response.status] ?? 'FAILED',
			body?.message ?? `PUT /blob answered ${response.status}`,
			response.status
		);
	}
	return (await response.json()) as UploadedBlob;
}
