/**
 * Reading a request body with a ceiling, enforced while streaming: a declared Content-Length over
 * the limit is refused before a byte is read, and a body that passes the limit stops being read at
 * that chunk. Callers answer the error's `status` with `Connection: close`, so the rest of the body
 * is never read (RELIABILITY §7.5). The tRPC edge (trpc-body.ts) and the /v1 API share it.
 */
import type { IncomingMessage } from 'node:http';

/** Body ceilings by who is asking: strict before sign-in, roomier after, uploads on their own (blob-upload.ts). */
export const ANONYMOUS_BODY_LIMIT = 64 * 1024;
export const SIGNED_IN_BODY_LIMIT = 4 * 1024 * 1024;
/** A body must arrive within this time once its headers did (slow-body guard). */
export const BODY_TIMEOUT_MS = 30_000;
/** Deepest JSON nesting a request may carry; our largest schema nests 6 levels. */
export const MAX_JSON_DEPTH = 32;

export type BodyRefusalReason = 'too-large' | 'too-slow' | 'interrupted' | 'too-deep';

/** Why a body was not accepted; `status` is the HTTP answer (413, 408, 400). */
export class BodyRefusedError extends Error {
	readonly status: 413 | 408 | 400;
	constructor(
		readonly reason: BodyRefusalReason,
		readonly limit: number
	) {
		super(
			reason === 'too-large'
				? `The request body is larger than ${limit} bytes.`
				: reason === 'too-slow'
					? 'The request body arrived too slowly.'
					: reason === 'too-deep'
						? `The request body nests deeper than ${limit} levels.`
						: 'The request body was interrupted.'
		);
		this.name = 'BodyRefusedError';
		this.status = reason === 'too-large' ? 413 : reason === 'too-slow' ? 408 : 400;
	}
}

/**
 * Reads `req`'s body into one Buffer of at most `limit` bytes.
 * @throws BodyRefusedError too-large (declared or while streaming), too-slow, interrupted.
 */
export function readBodyLimited(
	req: IncomingMessage,
	limit: number,
	timeoutMs = BODY_TIMEOUT_MS
): Promise<Buffer> {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > limit)
		return Promise.reject(new BodyRefusedError('too-large', limit));
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let received = 0;
		let settled = false;
		const finish = (error: BodyRefusedError | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			req.off('data', onData);
			req.off('end', onEnd);
			req.off('error', onError);
			req.off('aborted', onError);
			if (error) {
				// Stop pulling bytes off the socket; the caller's answer closes the connection.
				req.pause();
				reject(error);
			} else resolve(Buffer.concat(chunks, received));
		};
		const onData = (chunk: Buffer) => {
			received += chunk.length;
			if (received > limit) return finish(new BodyRefusedError('too-large', limit));
			chunks.push(chunk);
		};
		const onEnd = () => finish(null);
		const onError = () => finish(new BodyRefusedError('interrupted', limit));
		const timer = setTimeout(() => finish(new BodyRefusedError('too-slow', limit)), timeoutMs);
		req.on('data', onData);
		req.on('end', onEnd);
		req.on('error', onError);
		req.on('aborted', onError);
	});
}

/**
 * How deeply `text` (JSON) nests, counting `[` and `{` outside strings; stops counting past `max`.
 * A linear scan, so a hostile body costs no recursion in JSON.parse's consumers.
 */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92 /* \ */) i++;
			else if (c === 34 /* " */) inString = false;
		} else if (c === 34) inString = true;
		else if (c === 123 /* { */ || c === 91 /* [ */) {
			if (++depth > max) return true;
		} else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
	}
	return false;
}
