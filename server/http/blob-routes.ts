/**
 * GET /blob/:sha256 — a blob's bytes for a user allowed to read it (blob_refs), with immutable
 * cache headers (the URL is the content's hash). Unknown and foreign hashes both answer 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayDeps } from '../deps';
import { findReadableBlob } from '../db/repositories/blobs.repository';
import type { UserRow } from '../db/repositories/users.repository';
import { sendJson } from './respond';

const BLOB_PATH = /^\/blob\/([0-9a-f]{64})$/;

export function matchBlobPath(pathname: string): string | null {
	return BLOB_PATH.exec(pathname)?.[1] ?? null;
}

export async function handleBlobGet(deps: RelayDeps, user: UserRow | null, sha256: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
	const bytes = await deps.blobStore.get(sha256);
	if (!bytes) return sendJson(res, 404, { error: 'NOT_FOUND', message: 'No such image.' });
	res.writeHead(200, { 'Content-Type': blob.mime, 'Content-Length': bytes.byteLength, 'X-Content-Type-Options': 'nosniff' });
	res.end(bytes);
}
