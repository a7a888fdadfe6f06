/**
 * The /trpc body gate: reads a POST body under the caller's ceiling (64 KiB before sign-in, 4 MiB
 * after), refuses JSON nested deeper than MAX_JSON_DEPTH, and hands the text to tRPC as `req.body`
 * so the adapter never reads the socket itself. Refusals are tRPC-shaped, so the app's client reads
 * them like any other error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	ANONYMOUS_BODY_LIMIT,
	BodyRefusedError,
	jsonDepthExceeds,
	MAX_JSON_DEPTH,
	readBodyLimited,
	SIGNED_IN_BODY_LIMIT
} from './body-limit';

/** JSON-RPC codes tRPC uses for these HTTP statuses. */
const RPC_CODE = { 400: -32600, 408: -32008, 413: -32413 } as const;
const TRPC_CODE = { 400: 'BAD_REQUEST', 408: 'TIMEOUT', 413: 'PAYLOAD_TOO_LARGE' } as const;

/** Answers a refused body in tRPC's error shape and closes the connection (the rest is never read). */
export function sendTrpcBodyRefusal(res: ServerResponse, error: BodyRefusedError): void {
	const body = {
		error: {
			message: error.message,
			code: RPC_CODE[error.status],
			data: {
				code: TRPC_CODE[error.status],
				httpStatus: error.status,
				errorCode: 'BAD_INPUT',
				retryable: false,
				retryAfterMs: null
			}
		}
	};
	res.setHeader('Connection', 'close');
	res.writeHead(error.status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Cache-Control': 'no-store'
	});
	res.end(JSON.stringify(body));
}

/**
 * Reads and checks the body of a tRPC POST and leaves it on `req.body` for the adapter.
 * @param signedIn whether the request carries a live session (decides the ceiling).
 * @throws BodyRefusedError (413 too large, 408 too slow, 400 interrupted or nested too deep).
 */
export async function takeTrpcBody(req: IncomingMessage, signedIn: boolean): Promise<void> {
	if (req.method === 'GET' || req.method === 'HEAD') return;
	const bytes = await readBodyLimited(req, signedIn ? SIGNED_IN_BODY_LIMIT : ANONYMOUS_BODY_LIMIT);
	const text = bytes.toString('utf8');
	if (jsonDepthExceeds(text)) throw new BodyRefusedError('too-deep', MAX_JSON_DEPTH);
	// tRPC's node adapter takes a string `req.body` as the raw body instead of reading the stream.
	(req as IncomingMessage & { body?: string }).body = text;
}
