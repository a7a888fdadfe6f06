/**
 * CSRF guard for the API: tRPC calls must carry our custom header (a cross-site form or image
 * cannot set it, and a cross-site fetch that sets it needs a CORS preflight we never grant), and a
 * browser's Origin, when present, must be this relay's own or an allowed one.
 */
import type { IncomingMessage } from 'node:http';
import { CLIENT_HEADER } from '#shared/protocol';

/** The SSE stream of pokes: a browser EventSource cannot set headers, and the stream only says "seq moved". */
const HEADERLESS_GET = /^\/trpc\/sync\.poke(\?|$)/;

export function isTrustedApiRequest(
	req: IncomingMessage,
	allowedOrigins: readonly string[]
): boolean {
	const headerless = req.method === 'GET' && HEADERLESS_GET.test(req.url ?? '');
	if (!req.headers[CLIENT_HEADER] && !headerless) return false;
	const origin = req.headers.origin;
	if (!origin) return true;
	const host = req.headers.host;
	try {
		const url = new URL(origin);
		return url.host === host || allowedOrigins.includes(url.origin);
	} catch {
		return false;
	}
}
