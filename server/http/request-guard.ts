/**
 * CSRF guard for the API: tRPC calls must carry our custom header (a cross-site form or image
 * cannot set it, and a cross-site fetch that sets it needs a CORS preflight we never grant), and a
 * browser's Origin, when present, must be this relay's own or an allowed one.
 */
import type { IncomingMessage } from 'node:http';
import { CLIENT_HEADER } from '#shared/protocol';

export function isTrustedApiRequest(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
	if (!req.headers[CLIENT_HEADER]) return false;
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
