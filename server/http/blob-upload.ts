/**
 * PUT /blob/:sha256 — a user uploads a source image (issue 3, SYNC §4.9).
 *
 * Contract (every error is JSON `{ error: ErrorCode, message }`):
 * - 401 UNAUTHENTICATED without a session; 403 FORBIDDEN without the `x-nbs-client` header or
 *   from a foreign Origin (CSRF: a cross-site form riding the cookie cannot set it).
 * - 413 UPLOAD_REJECTED when the body passes 15 MiB (declared or while streaming; reading stops and
 *   the connection is closed); 408 UPLOAD_REJECTED when the body is too slow.
 * - 400 UPLOAD_REJECTED "hash mismatch" when the body's sha256 is not the URL's.
 * - 415 UPLOAD_REJECTED unless the bytes start like JPEG, PNG or WebP (SVG, GIF, HTML, empty…).
 * - 422 UPLOAD_REJECTED for decompression bombs, damaged or truncated images.
 * - 503 TOO_MANY_IN_FLIGHT (Retry-After) when too many uploads wait for image processing.
 * - 201 (new for this user) or 200 (the user already had it) with
 *   `{ sha256, thumbSha256, width, height, mime, bytes }`. The image is re-encoded with EXIF
 *   orientation applied and metadata stripped, so `sha256` is the hash of the *stored* bytes and
 *   may differ from the URL's; clients reference that one. A repeated PUT is a no-op.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayDeps } from '../deps';
import type { UserRow } from '../db/repositories/users.repository';
import { findReadableBlob, recordBlob } from '../db/repositories/blobs.repository';
import {
	ImageRejectedError,
	MAX_INPUT_PIXELS,
	processImage,
	type CleanImage
} from '../media/images';
import { claimedDimensions, sniffUploadMime } from '../media/sniff';
import { createLimiter, LimiterFullError, type Limiter } from './limiter';
import { isTrustedApiRequest } from './request-guard';
import { sendJson } from './respond';

export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** A body must arrive within this time (slow-body guard). */
export const UPLOAD_BODY_TIMEOUT_MS = 60_000;
/** Sharp work for uploads: two at a time, a few waiting, the rest 503. */
export const UPLOAD_CONCURRENCY = 2;
export const UPLOAD_MAX_QUEUE = 8;

export interface UploadAnswer {
	sha256: string;
	thumbSha256: string;
	width: number;
	height: number;
	mime: string;
	bytes: number;
}

interface Processed {
	answer: UploadAnswer;
	thumb: { mime: string; width: number; height: number; bytes: number };
}

interface UploadState {
	limiter: Limiter;
	/** Received hash → answer, so a repeated PUT skips the sharp work (bounded, oldest dropped). */
	recent: Map<string, Processed>;
}
const RECENT_MAX = 1_000;
const states = new WeakMap<RelayDeps, UploadState>();

function stateOf(deps: RelayDeps): UploadState {
	let state = states.get(deps);
	if (!state) {
		state = { limiter: createLimiter(UPLOAD_CONCURRENCY, UPLOAD_MAX_QUEUE), recent: new Map() };
		states.set(deps, state);
	}
	return state;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Answers before (or without) reading the whole body: close the connection so nothing more is read. */
function reject(
	res: ServerResponse,
	status: number,
	error: string,
	message: string,
	closeConnection = false
): void {
	if (closeConnection) res.setHeader('Connection', 'close');
	sendJson(res, status, { error, message });
}

type BodyResult =
	{ ok: true; bytes: Uint8Array; sha256: string } | { ok: false; status: 413 | 408 | 400 };

function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<BodyResult> {
	return new Promise((resolve) => {
		const hash = createHash('sha256');
		const chunks: Buffer[] = [];
		let received = 0;
		let settled = false;
		const finish = (result: BodyResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			req.off('data', onData);
			req.off('end', onEnd);
			req.off('error', onError);
			req.off('aborted', onError);
			if (!result.ok) req.pause();
			resolve(result);
		};
		const onData = (chunk: Buffer) => {
			received += chunk.length;
			if (received > limit) return finish({ ok: false, status: 413 });
			hash.update(chunk);
			chunks.push(chunk);
		};
		const onEnd = () => {
			const bytes = new Uint8Array(Buffer.concat(chunks, received));
			finish({ ok: true, bytes, sha256: hash.digest('hex') });
		};
		const onError = () => finish({ ok: false, status: 400 });
		const timer = setTimeout(() => finish({ ok: false, status: 408 }), timeoutMs);
		req.on('data', onData);
		req.on('end', onEnd);
		req.on('error', onError);
		req.on('aborted', onError);
	});
}

export async function handleBlobPut(
	deps: RelayDeps,
	user: UserRow | null,
	urlSha: string,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	if (!user) return reject(res, 401, 'UNAUTHENTICATED', 'Sign in first.', true);
	if (!isTrustedApiRequest(req, deps.env.ALLOWED_ORIGINS)) {
		return reject(res, 403, 'FORBIDDEN', 'Cross-site uploads are not allowed.', true);
	}
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
		return reject(
			res,
			413,
			'UPLOAD_REJECTED',
			`The upload is larger than ${MAX_UPLOAD_BYTES} bytes.`,
			true
		);
	}

	const body = await readBody(req, MAX_UPLOAD_BYTES, UPLOAD_BODY_TIMEOUT_MS);
	if (!body.ok) {
		if (body.status === 413)
			return reject(
				res,
				413,
				'UPLOAD_REJECTED',
				`The upload is larger than ${MAX_UPLOAD_BYTES} bytes.`,
				true
			);
		if (body.status === 408)
			return reject(res, 408, 'UPLOAD_REJECTED', 'The upload arrived too slowly.', true);
		return reject(res, 400, 'UPLOAD_REJECTED', 'The upload was interrupted.', true);
	}
	if (body.sha256 !== urlSha) {
		return reject(
			res,
			400,
			'UPLOAD_REJECTED',
			`hash mismatch: the body's sha256 is ${body.sha256}, not the one in the URL.`
		);
	}
	const mime = sniffUploadMime(body.bytes);
	if (!mime)
		return reject(res, 415, 'UPLOAD_REJECTED', 'Only JPEG, PNG and WebP images can be uploaded.');
	const claimed = claimedDimensions(body.bytes, mime);
	if (
		claimed &&
		(claimed.width === 0 ||
			claimed.height === 0 ||
			claimed.width * claimed.height > MAX_INPUT_PIXELS)
	) {
		return reject(
			res,
			422,
			'UPLOAD_REJECTED',
			`The image claims ${claimed.width}×${claimed.height} pixels; the most allowed is ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`
		);
	}

	const state = stateOf(deps);
	let done = state.recent.get(urlSha);
	if (
		!done ||
		!(await deps.blobStore.has(done.answer.sha256)) ||
		!(await deps.blobStore.has(done.answer.thumbSha256))
	) {
		let image: CleanImage;
		let thumb: CleanImage;
		try {
			({ image, thumb } = await state.limiter.run(async () => {
				const { original, thumbnail } = await processImage(body.bytes);
				return { image: original, thumb: thumbnail };
			}));
		} catch (error) {
			if (error instanceof LimiterFullError) {
				res.setHeader('Retry-After', '2');
				return reject(
					res,
					503,
					'TOO_MANY_IN_FLIGHT',
					'Too many uploads are being processed; try again shortly.'
				);
			}
			if (error instanceof ImageRejectedError)
				return reject(res, 422, 'UPLOAD_REJECTED', error.message);
			// makeThumbnail failing on bytes cleanImage accepted is still a bad image, not our fault.
			deps.logger.warn({ err: error }, 'upload processing failed');
			return reject(res, 422, 'UPLOAD_REJECTED', 'The image could not be processed.');
		}
		done = {
			answer: {
				sha256: sha256(image.bytes),
				thumbSha256: sha256(thumb.bytes),
				width: image.width,
				height: image.height,
				mime: image.mime,
				bytes: image.bytes.byteLength
			},
			thumb: {
				mime: thumb.mime,
				width: thumb.width,
				height: thumb.height,
				bytes: thumb.bytes.byteLength
			}
		};
		// Bytes first, then the rows that make them readable. Both puts are no-ops for known hashes.
		if (await deps.blobStore.put(done.answer.sha256, image.bytes))
			deps.metrics.blobStored(image.bytes.byteLength);
		if (await deps.blobStore.put(done.answer.thumbSha256, thumb.bytes))
			deps.metrics.blobStored(thumb.bytes.byteLength);
		state.recent.delete(urlSha);
		state.recent.set(urlSha, done);
		if (state.recent.size > RECENT_MAX) state.recent.delete(state.recent.keys().next().value!);
	}

	const { answer, thumb } = done;
	const had =
		!!(await findReadableBlob(deps.db, user.id, answer.sha256)) &&
		!!(await findReadableBlob(deps.db, user.id, answer.thumbSha256));
	// Recorded on every upload: a repeated upload renews the references the blob GC counts from.
	const now = deps.now();
	await recordBlob(deps.db, {
		sha256: answer.sha256,
		bytesLen: answer.bytes,
		mime: answer.mime,
		width: answer.width,
		height: answer.height,
		userId: user.id,
		now
	});
	await recordBlob(deps.db, {
		sha256: answer.thumbSha256,
		bytesLen: thumb.bytes,
		mime: thumb.mime,
		width: thumb.width,
		height: thumb.height,
		userId: user.id,
		now
	});
	// A GC sweep may have removed the bytes between our check above and these rows (store-blob.ts).
	if (
		!(await deps.blobStore.has(answer.sha256)) ||
		!(await deps.blobStore.has(answer.thumbSha256))
	) {
		state.recent.delete(urlSha);
		res.setHeader('Retry-After', '1');
		return reject(res, 503, 'TOO_MANY_IN_FLIGHT', 'The image was being cleaned up; send it again.');
	}
	res.setHeader('Location', `/blob/${answer.sha256}`);
	sendJson(res, had ? 200 : 201, answer);
}
