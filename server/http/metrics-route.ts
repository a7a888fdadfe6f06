/**
 * GET /metrics in Prometheus text format, for a scraper holding METRICS_TOKEN (Bearer). Without a
 * configured token the route does not exist (404), so a default install exposes nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayDeps } from '../deps';
import { sendJson } from './respond';

function tokenMatches(header: string | undefined, token: string): boolean {
	const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
	const wanted = Buffer.from(token);
	return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function handleMetrics(
	deps: RelayDeps,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	const token = deps.env.METRICS_TOKEN;
	if (!token) return sendJson(res, 404, { error: 'NOT_FOUND' });
	if (!tokenMatches(req.headers.authorization, token)) {
		res.setHeader('WWW-Authenticate', 'Bearer');
		return sendJson(res, 401, {
			error: 'UNAUTHENTICATED',
			message: 'A valid metrics token is required.'
		});
	}
	const body = await deps.metrics.registry.metrics();
	res.writeHead(200, {
		'Content-Type': deps.metrics.registry.contentType,
		'Cache-Control': 'no-store'
	});
	res.end(body);
}
