/**
 * A fake image provider on 127.0.0.1 (node:http, port 0) for adapter contract tests (DESIGN §7):
 * speaks the providers' wire formats (routed by path), records calls, checks the key and plays
 * scripted faults. Test-only; dialect answers live in fake-provider-<dialect>.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openRouterChatDialect, openRouterImagesDialect } from './fake-provider-openrouter';
import { openAIImagesDialect } from './fake-provider-openai';
import { arkDialect } from './fake-provider-ark';
import { geminiDialect } from './fake-provider-gemini';
import {
	json,
	tinyPng,
	type FakeBehaviour,
	type FakeCall,
	type FakeDialect,
	type FakeMultipartBody,
	type FakeReply
} from './fake-provider-shared';

export type { FakeBehaviour, FakeCall, FakeMultipartBody } from './fake-provider-shared';

/** The key the fake accepts unless told otherwise. */
export const FAKE_PROVIDER_KEY = 'fake-key-0123456789abcdef';

export interface FakeProviderOptions {
	/** The key every dialect expects (Bearer or x-goog-api-key). */
	apiKey?: string;
	/** Dialects to serve; default: all known. */
	dialects?: FakeDialect[];
	/** The image answers carry; default an 8×8 PNG. bench:relay gives real 1024² and 2048² ones. */
	answerImage?: Uint8Array;
}

export interface FakeProvider {
	/** Origin, e.g. `http://127.0.0.1:41234`. */
	url: string;
	/** `127.0.0.1:<port>`, e.g. for safe-fetch's `allowInsecureForTests`. */
	host: string;
	/** OpenRouter-style API root: `${url}/api/v1`. */
	baseUrl: string;
	/** API roots per dialect, ready for each adapter's `baseUrl`. */
	baseUrls: { openrouter: string; openai: string; ark: string; gemini: string };
	/** Every request received, in order. */
	calls: FakeCall[];
	/** Requests being handled right now. */
	readonly inFlight: number;
	/** Most requests handled at once so far. */
	readonly maxInFlight: number;
	/** Queues behaviours; each request takes the next one (default `{ kind: 'image' }`). */
	script(behaviour: FakeBehaviour | FakeBehaviour[]): void;
	/** Stops the server, cutting hanging requests. */
	close(): Promise<void>;
}

/**
 * The dialects served when none are given, routed by path: OpenRouter `/api/v1/chat/completions`
 * and `/api/v1/images`, OpenAI `/v1/images/{generations,edits}`, Ark `/api/v3/images/generations`,
 * Gemini `/v1beta/models/{model}:generateContent`.
 */
export const DEFAULT_FAKE_DIALECTS: FakeDialect[] = [
	openRouterChatDialect,
	openRouterImagesDialect,
	openAIImagesDialect,
	arkDialect,
	geminiDialect
];

/** Starts a fake provider on a free port of 127.0.0.1. */
export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
	const apiKey = options.apiKey ?? FAKE_PROVIDER_KEY;
	const dialects = options.dialects ?? DEFAULT_FAKE_DIALECTS;
	const answerImage = options.answerImage ?? tinyPng();
	const imageBase64 = Buffer.from(answerImage).toString('base64');
	const queue: FakeBehaviour[] = [];
	const calls: FakeCall[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	let origin = '';

	const server = createServer((req, res) => {
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		res.once('close', () => inFlight--);
		void handle(req, res).catch((error: unknown) => {
			if (!res.headersSent)
				send(res, json(500, { error: { message: `fake provider bug: ${String(error)}` } }));
		});
	});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const raw = await readBody(req);
		const path = new URL(req.url ?? '/', 'http://fake').pathname;
		const call: FakeCall = {
			method: req.method ?? 'GET',
			path,
			headers: req.headers,
			body: await parseBody(raw, req.headers['content-type'])
		};
		calls.push(call);
		// Image URLs answered by dialects are public, like a CDN: no key needed.
		if (path.startsWith('/files/'))
			return send(res, {
				status: 200,
				headers: { 'content-type': 'image/png' },
				body: answerImage
			});
		if (path === '/redirect') {
			const to = new URL(req.url ?? '/', 'http://fake').searchParams.get('to') ?? '/';
			return send(res, { status: 302, headers: { location: to }, body: '' });
		}
		const dialect = dialects.find((d) => d.matches(path));
		if (!dialect)
			return send(res, json(404, { error: { code: 404, message: `no fake route for ${path}` } }));
		if (!dialect.isAuthorised(req.headers, apiKey)) return send(res, dialect.unauthorised());

		let behaviour = queue.shift() ?? { kind: 'image' };
		if (behaviour.kind === 'slow' || behaviour.kind === 'held') {
			const stillThere =
				behaviour.kind === 'slow'
					? await delay(behaviour.ms, res)
					: await heldUntil(behaviour.until, res);
			if (!stillThere) return;
			behaviour = { kind: 'image' };
		}
		switch (behaviour.kind) {
			case 'hang':
				return; // Never answers; the client's abort or close() ends it.
			case 'reset':
				req.socket.destroy();
				return;
			case 'garbage':
				return send(res, {
					status: 200,
					headers: { 'content-type': 'application/json' },
					body: '{"id": "gen-1", "choices": [{"mess'
				});
			case 'html200':
				return send(res, {
					status: 200,
					headers: { 'content-type': 'text/html' },
					body: '<!doctype html><html><body>Bad gateway</body></html>'
				});
			default:
				return send(res, dialect.reply(behaviour, { call, origin, imageBase64 }));
		}
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: origin,
		host: new URL(origin).host,
		baseUrl: `${origin}/api/v1`,
		baseUrls: {
			openrouter: `${origin}/api/v1`,
			openai: `${origin}/v1`,
			ark: `${origin}/api/v3`,
			gemini: `${origin}/v1beta`
		},
		calls,
		get inFlight() {
			return inFlight;
		},
		get maxInFlight() {
			return maxInFlight;
		},
		script(behaviour) {
			queue.push(...(Array.isArray(behaviour) ? behaviour : [behaviour]));
		},
		close() {
			return new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			});
		}
	};
}

function send(res: ServerResponse, reply: FakeReply): void {
	if (res.destroyed) return;
	res.writeHead(reply.status, reply.headers ?? {});
	res.end(reply.body);
}

/** Waits `ms`; resolves false early when the client went away. */
function delay(ms: number, res: ServerResponse): Promise<boolean> {
	return new Promise((resolve) => {
		const onClose = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			res.off('close', onClose);
			resolve(true);
		}, ms);
		res.once('close', onClose);
	});
}

/** Waits for `until`; resolves false early when the client went away. */
function heldUntil(until: Promise<unknown>, res: ServerResponse): Promise<boolean> {
	return new Promise((resolve) => {
		const onClose = () => resolve(false);
		res.once('close', onClose);
		void until.finally(() => {
			res.off('close', onClose);
			resolve(!res.destroyed);
		});
	});
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
	if (contentType?.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
	const text = raw.toString('utf8');
	if (contentType?.includes('application/json')) {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return text; // Recorded as-is so a test can see the malformed request.
		}
	}
	return text;
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<FakeMultipartBody> {
	const form = await new Response(new Uint8Array(raw), {
		headers: { 'content-type': contentType }
	}).formData();
	const body: FakeMultipartBody = { fields: {}, files: [] };
	for (const [field, value] of form) {
		if (typeof value !== 'string') {
			body.files.push({
				field,
				filename: value.name,
				type: value.type,
				bytes: new Uint8Array(await value.arrayBuffer())
			});
			continue;
		}
		const existing = body.fields[field];
		body.fields[field] =
			existing === undefined
				? value
				: [...(Array.isArray(existing) ? existing : [existing]), value];
	}
	return body;
}
