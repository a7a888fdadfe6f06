/**
 * GET /blob/:sha256 — a blob's bytes for a user allowed to read it (blob_refs), with immutable
 * cache headers (the URL is the content's hash). Unknown and foreign hashes both answer 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { RelayDeps } from '../deps';
import { findReadableBlob } from '../db/repositories/blobs.repository';
import type { UserRow } from '../db/repositories/users.repository';
import { sendJson } from './respond';

const BLOB_PATH = /^\/blob\/([0-9a-f]{64})$/;

export function matchBlobPath(pathname: string): string | null {
	return BLOB_PATH.exec(pathname)?.[1] ?? null;
}

export async function handleBlobGet(
	deps: RelayDeps,
	user: UserRow | null,
	sha256: string,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	if (!user) return sendJson(res, 401, { error: 'UNAUTHENTICATED', message: 'Sign in first.' });
	const blob = await findReadableBlob(deps.db, user.id, sha256);
	if (!blob) return sendJson(res, 404, { error: 'NOT_FOUND', message: 'No such image.' });
	const etag = `"${sha256}"`;
	// Private: the bytes belong to this user; immutable: the hash names the content.
	res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
	res.setHeader('ETag', etag);
	if (req.headers['if-none-match'] === etag) {
		res.writeHead(304).end();
		return;
	}
	// Streamed from the store (a folder or a bucket another relay may have written), never buffered whole.
	const stored = await deps.blobStore.open(sha256);
	if (!stored) return sendJson(res, 404, { error: 'NOT_FOUND', message: 'No such image.' });
	res.writeHead(200, {
		'Content-Type': blob.mime,
		'Content-Length': stored.size,
		'X-Content-Type-Options': 'nosniff'
	});
	await pipeline(stored.body, res).catch(() => {
		// The client went away, or the store failed mid-body: the connection is closed; nothing to answer.
	});
}
