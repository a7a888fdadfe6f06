/**
 * The OpenAI-compatible images API (issue 13), authenticated by personal API keys:
 *   POST /v1/images/generations (JSON), POST /v1/images/edits (multipart), GET /v1/models[/:id],
 *   GET /v1/files/:sha256 (signed links of `response_format: "url"` answers; the signature is the
 *   authorisation).
 * A key acts as its user here and nowhere else. A key in the URL is refused (and never logged:
 * the request log keeps only the path). Long generations: the answer comes when the images are
 * done, up to the generation deadline (+ queue slack); node's server has no response timeout, so
 * only a proxy in front needs its read timeout raised (README).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { RelayDeps } from '../../deps';
import { findReadableBlob } from '../../db/repositories/blobs.repository';
import { ApiKeyRefused, authenticateApiKey } from '../../services/api-keys.service';
import { modelsOnOffer } from '../../services/settings-generation';
import type { RelayModel } from '../../services/generation-request';
import { storeEditSources } from './edit-sources';
import { badParam, OpenAIError, sendOpenAIError, toOpenAIError } from './errors';
import { BodyRefusedError, jsonDepthExceeds, readBodyLimited } from '../body-limit';
import { findRefusedText, refusedTextMessage } from '../refused-text';
import { readEditForm } from './multipart';
import { readImagesRequest } from './params';
import { failureOf, runImages } from './run-images';
import { matchFilePath, signedFilePath, SIGNED_URL_TTL_MS, verifyFileLink } from './signed-url';

const MAX_JSON_BYTES = 256 * 1024;
/** Query parameters that would carry a key: refused outright, so nobody gets used to it. */
const KEY_PARAMS = [
	'api_key',
	'api-key',
	'apikey',
	'key',
	'access_token',
	'token',
	'authorization'
];

const unauthorised = (message: string) =>
	new OpenAIError(401, 'authentication_error', message, 'UNAUTHENTICATED');

export async function handleOpenAI(
	deps: RelayDeps,
	req: IncomingMessage,
	res: ServerResponse,
	pathname: string
): Promise<void> {
	try {
		const query = new URL(req.url ?? '/', 'http://relay').searchParams;
		if ([...query.keys()].some((k) => KEY_PARAMS.includes(k.toLowerCase()))) {
			throw unauthorised(
				'API keys are accepted only in the Authorization header. A key sent in a URL may have been recorded along the way: revoke it and make a new one.'
			);
		}
		const fileSha = matchFilePath(pathname);
		if (fileSha) return await serveSignedFile(deps, fileSha, query, req, res);

		const route = `${req.method} ${pathname.replace(/\/+$/, '')}`;
		const modelId = /^GET \/v1\/models\/(.+)$/.exec(route)?.[1];
		const known =
			['GET /v1/models', 'POST /v1/images/generations', 'POST /v1/images/edits'].includes(route) ||
			modelId !== undefined;
		if (!known)
			throw new OpenAIError(
				404,
				'not_found_error',
				`Unknown route: ${req.method} ${pathname}.`,
				'NOT_FOUND'
			);

		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
		let who: Awaited<ReturnType<typeof authenticateApiKey>>;
		try {
			who = await authenticateApiKey(deps, bearer);
		} catch (error) {
			if (error instanceof ApiKeyRefused) throw unauthorised(error.message);
			throw error;
		}
		const models = await modelsOnOffer(deps);
		if (route === 'GET /v1/models')
			return sendJson(res, 200, { object: 'list', data: models.map(modelEntry) });
		if (modelId !== undefined) {
			const model = models.find((m) => m.id === decodeURIComponent(modelId));
			if (!model)
				throw new OpenAIError(
					404,
					'not_found_error',
					`The model '${decodeURIComponent(modelId)}' does not exist.`,
					'UNKNOWN_MODEL',
					'model'
				);
			return sendJson(res, 200, modelEntry(model));
		}

		let fields: Record<string, unknown>;
		let images: Uint8Array[] = [];
		if (route === 'POST /v1/images/edits') {
			({ fields, images } = await readEditForm(req));
		} else {
			fields = await readJsonObject(req, res);
		}
		// The relay's one text rule (http/refused-text.ts), as on /trpc: refused before any charge.
		const refused = findRefusedText(fields);
		if (refused) throw badParam(refused.field, refusedTextMessage(refused));
		const request = readImagesRequest(fields, models, images.length);
		const sourceHashes =
			route === 'POST /v1/images/edits' ? await storeEditSources(deps, who.user.id, images) : [];

		const gone = new AbortController();
		res.on('close', () => gone.abort());
		const idempotencyKey = headerValue(req, 'idempotency-key');
		if (idempotencyKey && idempotencyKey.length > 256)
			throw badParam(
				'Idempotency-Key',
				'The Idempotency-Key header is longer than 256 characters.'
			);
		const outcome = await runImages(
			deps,
			{ userId: who.user.id, key: who.key },
			request,
			sourceHashes,
			{ idempotencyKey, gone: gone.signal }
		);
		if (outcome.done.length === 0) throw failureOf(outcome.failed);

		const origin = originOf(deps, req);
		const data = [];
		for (const generation of outcome.done) {
			const image = generation.images[0];
			if (request.responseFormat === 'url') {
				data.push({
					url: `${origin}${signedFilePath(deps, who.user.id, image.sha256)}`,
					revised_prompt: generation.prompt
				});
			} else {
				const bytes = await deps.blobStore.get(image.sha256);
				if (!bytes)
					throw new OpenAIError(500, 'server_error', 'A stored image is missing.', 'INTERNAL');
				data.push({
					b64_json: Buffer.from(bytes).toString('base64'),
					revised_prompt: generation.prompt
				});
			}
		}
		res.setHeader('X-Nbs-Generation-Ids', outcome.done.map((g) => g.id).join(','));
		// Fewer images than asked: the others failed and were refunded; the header says how many.
		if (outcome.failed.length) res.setHeader('X-Nbs-Images-Failed', String(outcome.failed.length));
		const first = outcome.done[0].images[0];
		sendJson(res, 200, {
			created: Math.floor(deps.now() / 1000),
			data,
			output_format: first.mime.replace('image/', ''),
			size: `${first.width}x${first.height}`,
			usage: { credits: outcome.done.reduce((sum, g) => sum + g.price, 0) }
		});
	} catch (error) {
		const { error: answer, unexpected } = toOpenAIError(error);
		if (unexpected) deps.logger.error({ err: error, path: pathname }, 'v1 request failed');
		if (answer.status === 499) return void res.end();
		sendOpenAIError(res, answer, {
			closeConnection: answer.status === 413 || answer.status === 408
		});
	}
}

/** A catalogue entry in OpenAI's model shape, with our capabilities and prices beside it. */
function modelEntry(model: RelayModel) {
	const { upstreamId: _upstream, ...rest } = model;
	return { ...rest, object: 'model', created: 0, owned_by: model.provider };
}

async function serveSignedFile(
	deps: RelayDeps,
	sha256: string,
	query: URLSearchParams,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	if (req.method !== 'GET' && req.method !== 'HEAD')
		throw new OpenAIError(405, 'invalid_request_error', 'Only GET.', 'BAD_INPUT');
	const link = verifyFileLink(deps, sha256, query);
	if ('refused' in link) {
		throw new OpenAIError(
			403,
			'permission_error',
			link.refused === 'expired' ? 'This image link has expired.' : 'This image link is not valid.',
			'FORBIDDEN'
		);
	}
	const blob = await findReadableBlob(deps.db, link.userId, sha256);
	const stored = blob ? await deps.blobStore.open(sha256) : null;
	if (!blob || !stored)
		throw new OpenAIError(404, 'not_found_error', 'No such image.', 'NOT_FOUND');
	res.writeHead(200, {
		'Content-Type': blob.mime,
		'Content-Length': stored.size,
		'Cache-Control': `private, max-age=${Math.floor(SIGNED_URL_TTL_MS / 1000)}`,
		'X-Content-Type-Options': 'nosniff'
	});
	if (req.method === 'HEAD') {
		stored.body.destroy();
		return void res.end();
	}
	// Streamed from the store, as /blob does; a client that goes away just closes the connection.
	await pipeline(stored.body, res).catch(() => undefined);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Cache-Control': 'no-store'
	});
	res.end(JSON.stringify(body));
}

function headerValue(req: IncomingMessage, name: string): string | null {
	const value = req.headers[name];
	return (Array.isArray(value) ? value[0] : value)?.trim() || null;
}

/** Where the caller reached us, for absolute links (behind a TLS proxy: X-Forwarded-Proto). */
function originOf(deps: RelayDeps, req: IncomingMessage): string {
	const secure = deps.env.COOKIE_SECURE === 'on' || req.headers['x-forwarded-proto'] === 'https';
	return `${secure ? 'https' : 'http'}://${req.headers.host ?? `127.0.0.1:${deps.env.PORT}`}`;
}

async function readJsonObject(
	req: IncomingMessage,
	res: ServerResponse
): Promise<Record<string, unknown>> {
	const type = (req.headers['content-type'] ?? '').toLowerCase();
	if (!type.startsWith('application/json'))
		throw badParam('body', 'Send the request as application/json.');
	let text: string;
	try {
		// The edge's streaming limit: a declared or streamed body past the cap is refused unread.
		text = (await readBodyLimited(req, MAX_JSON_BYTES)).toString('utf8');
	} catch (error) {
		if (error instanceof BodyRefusedError) {
			res.setHeader('Connection', 'close'); // the rest of the body is never read
			throw new OpenAIError(
				error.status,
				'invalid_request_error',
				error.message,
				'BAD_INPUT',
				'body'
			);
		}
		throw error;
	}
	if (jsonDepthExceeds(text)) throw badParam('body', 'The request body is nested too deeply.');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw badParam('body', 'The request body is not valid JSON.');
	}
	if (!body || typeof body !== 'object' || Array.isArray(body))
		throw badParam('body', 'The request body must be a JSON object.');
	return body as Record<string, unknown>;
}
