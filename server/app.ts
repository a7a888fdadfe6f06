/**
 * createRelay(deps) → { listen, close }: one HTTP server for the tRPC API, blob downloads, health
 * probes and the built PWA. main.ts and the tests start the same thing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import sirv from 'sirv';
import { existsSync } from 'node:fs';
import type { RelayDeps } from './deps';
import { appRouter } from './trpc/router';
import { databaseUnavailableError, errorDetail } from './trpc/errors';
import { isDatabaseUnavailable } from './db/unavailable';
import { createHttpContext } from './trpc/context';
import { handleBlobGet, matchBlobPath } from './http/blob-routes';
import { handleBlobPut } from './http/blob-upload';
import { handleHealthz, handleReadyz } from './http/health';
import { handleMetrics } from './http/metrics-route';
import { routeLabel } from './metrics/relay-metrics';
import { handleOpenAI } from './http/openai/routes';
import { sendJson, setSecurityHeaders } from './http/respond';
import { isTrustedApiRequest } from './http/request-guard';
import { readSessionCookie } from './http/cookies';
import { userFromToken } from './services/auth.service';
import { rateLimitInfoOf } from './services/rate-limit';
import { BodyRefusedError, jsonDepthExceeds, MAX_JSON_DEPTH } from './http/body-limit';
import { sendTrpcBodyRefusal, takeTrpcBody } from './http/trpc-body';
import type { UserRow } from './db/repositories/users.repository';

/** Most calls one tRPC HTTP batch may carry; each still counts on its own. */
export const MAX_BATCH_SIZE = 10;
/** Request line + headers (node's own default, stated): larger → 431 before any handler runs. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Slow-loris guards: all headers within 20 s, the whole request (body included) within 120 s. */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 120_000;

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

export interface Relay {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	readonly url: string;
}

interface RequestMeta {
	requestId: string;
	ip: string;
	secure: boolean;
	/** The session's user, looked up once per request (the body ceiling and the tRPC context both need it). */
	user: Promise<UserRow | null> | null;
}

/** Edge timeouts; tests shorten them to see a slow client cut off. */
export interface EdgeTimeouts {
	headersTimeoutMs: number;
	requestTimeoutMs: number;
	/** How often node looks for connections past those timeouts. */
	checkIntervalMs: number;
}

export function createRelay(
	deps: RelayDeps,
	timeouts: EdgeTimeouts = {
		headersTimeoutMs: HEADERS_TIMEOUT_MS,
		requestTimeoutMs: REQUEST_TIMEOUT_MS,
		checkIntervalMs: 5_000
	}
): Relay {
	const trpc = createHTTPHandler({
		router: appRouter,
		basePath: '/trpc/',
		maxBatchSize: MAX_BATCH_SIZE,
		createContext: async ({ req, res }) => {
			try {
				return await createHttpContext(deps, req, res, { ...metaOf(req), user: userOf(req) });
			} catch (error) {
				if (isDatabaseUnavailable(error)) throw databaseUnavailableError();
				throw error;
			}
		},
		responseMeta: ({ errors }) => {
			// A refusal that says when to come back carries it as Retry-After (seconds), as HTTP 429 should.
			const retryAfterMs = Math.max(0, ...errors.map((e) => errorDetail(e).retryAfterMs ?? 0));
			const headers: Record<string, string> = { 'cache-control': 'no-store' };
			if (retryAfterMs > 0) headers['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
			// The quota behind a 429 (IETF RateLimit header fields draft): the one that resets last wins.
			const quota = errors
				.map(rateLimitInfoOf)
				.reduce<ReturnType<typeof rateLimitInfoOf>>(
					(a, b) => (!a || (b && b.resetMs > a.resetMs) ? b : a),
					undefined
				);
			if (quota) {
				headers['ratelimit-limit'] = String(quota.limit);
				headers['ratelimit-remaining'] = String(quota.remaining);
				headers['ratelimit-reset'] = String(Math.ceil(quota.resetMs / 1000));
			}
			// A client outside the sync schema window must reload: 426 Upgrade Required (SYNC §4.13).
			const tooOld = errors.some((e) => errorDetail(e).code === 'CLIENT_TOO_OLD');
			return tooOld ? { headers, status: 426 } : { headers };
		},
		onError: ({ error, path }) => {
			if (error.code === 'INTERNAL_SERVER_ERROR')
				deps.logger.error({ err: error.cause ?? error, path }, 'unexpected error');
		}
	});
	const staticDir = deps.env.STATIC_DIR;
	const serveStatic = existsSync(staticDir)
		? sirv(staticDir, {
				single: true,
				etag: true,
				setHeaders: (res, pathname) => {
					// Hashed build output never changes; the shell and the service worker must revalidate.
					res.setHeader(
						'Cache-Control',
						pathname.startsWith('/_app/immutable/')
							? 'public, max-age=31536000, immutable'
							: 'no-cache'
					);
				}
			})
		: null;

	const metaCache = new WeakMap<IncomingMessage, RequestMeta>();
	function metaOf(req: IncomingMessage): RequestMeta {
		let meta = metaCache.get(req);
		if (!meta) {
			const forwardedProto = req.headers['x-forwarded-proto'];
			const secure =
				deps.env.COOKIE_SECURE === 'on' ||
				(deps.env.COOKIE_SECURE === 'auto' && forwardedProto === 'https');
			meta = {
				requestId: randomBytes(8).toString('hex'),
				ip: req.socket.remoteAddress ?? 'unknown',
				secure,
				user: null
			};
			metaCache.set(req, meta);
		}
		return meta;
	}
	function userOf(req: IncomingMessage): Promise<UserRow | null> {
		const meta = metaOf(req);
		meta.user ??= userFromToken(deps, readSessionCookie(req.headers.cookie, meta.secure));
		return meta.user;
	}

	async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const meta = metaOf(req);
		const pathname = (req.url ?? '/').split('?')[0];
		res.setHeader('X-Request-Id', meta.requestId);
		setSecurityHeaders(res);
		if (pathname === '/healthz') return handleHealthz(res);
		if (pathname === '/readyz') return handleReadyz(deps, res);
		if (pathname === '/metrics' && req.method === 'GET') return handleMetrics(deps, req, res);
		if (pathname.startsWith('/trpc/')) {
			if (!isTrustedApiRequest(req, deps.env.ALLOWED_ORIGINS)) {
				return sendJson(res, 403, {
					error: 'FORBIDDEN',
					message: 'Cross-site API requests are not allowed.'
				});
			}
			try {
				await takeTrpcBody(req, !!(await userOf(req)));
			} catch (error) {
				if (error instanceof BodyRefusedError) return sendTrpcBodyRefusal(res, error);
				throw error;
			}
			// GET inputs sit in the URL (bounded by MAX_HEADER_BYTES) but may still nest absurdly.
			if (req.method === 'GET' && jsonDepthExceeds(decodeURIComponentSafe(req.url ?? ''))) {
				return sendTrpcBodyRefusal(res, new BodyRefusedError('too-deep', MAX_JSON_DEPTH));
			}
			return trpc(req, res);
		}
		// The OpenAI-compatible API: API keys in the Authorization header, never cookies (so no CSRF guard).
		if (pathname.startsWith('/v1/')) return handleOpenAI(deps, req, res, pathname);
		const blobSha = matchBlobPath(pathname);
		if (blobSha && req.method === 'GET')
			return handleBlobGet(deps, await userOf(req), blobSha, req, res);
		if (blobSha && req.method === 'PUT')
			return handleBlobPut(deps, await userOf(req), blobSha, req, res);
		if (pathname.startsWith('/blob/'))
			return sendJson(res, 404, { error: 'NOT_FOUND', message: 'No such blob route.' });
		if (serveStatic && (req.method === 'GET' || req.method === 'HEAD'))
			return serveStatic(req, res, () => sendJson(res, 404, { error: 'NOT_FOUND' }));
		sendJson(res, 404, { error: 'NOT_FOUND' });
	}

	const server = createServer(
		{
			maxHeaderSize: MAX_HEADER_BYTES,
			headersTimeout: timeouts.headersTimeoutMs,
			requestTimeout: timeouts.requestTimeoutMs,
			connectionsCheckingInterval: timeouts.checkIntervalMs
		},
		(req, res) => {
			const started = performance.now();
			res.on('finish', () => {
				const meta = metaOf(req);
				const path = (req.url ?? '').split('?')[0];
				deps.metrics.request(
					routeLabel(path),
					req.method ?? 'GET',
					res.statusCode,
					(performance.now() - started) / 1000
				);
				deps.logger.info(
					{
						requestId: meta.requestId,
						method: req.method,
						path: (req.url ?? '').split('?')[0],
						status: res.statusCode,
						ms: Math.round(performance.now() - started)
					},
					'request'
				);
			});
			route(req, res).catch((error: unknown) => {
				if (isDatabaseUnavailable(error)) {
					// Before tRPC (the session lookup) or on a blob route: the same retryable 503 as inside tRPC.
					deps.logger.warn(
						{ requestId: metaOf(req).requestId },
						'request refused: the database is not answering'
					);
					if (res.headersSent) return void res.end();
					res.setHeader('Retry-After', '2');
					return sendJson(res, 503, {
						error: 'RELAY_UNAVAILABLE',
						message: 'The relay cannot reach its database right now; try again shortly.'
					});
				}
				deps.logger.error({ err: error, requestId: metaOf(req).requestId }, 'request failed');
				if (!res.headersSent) sendJson(res, 500, { error: 'INTERNAL', message: 'Internal error' });
				else res.end();
			});
		}
	);

	let url = '';
	return {
		get url() {
			return url;
		},
		listen(port = deps.env.PORT, host = deps.env.HOST) {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => {
					const address = server.address() as AddressInfo;
					url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
					resolve(url);
				});
			});
		},
		async close() {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeIdleConnections();
			});
		}
	};
}
