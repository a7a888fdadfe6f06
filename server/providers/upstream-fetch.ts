/**
 * One HTTP call to a provider API with the relay's rules: abort = deadline, network failures are
 * PROVIDER_UNAVAILABLE, bodies are size-capped, redirects are never followed. No wire format here.
 */
import type { Socket } from 'node:net';
import {
	sendOverHttp,
	UpstreamNetworkError,
	UpstreamTooLargeError,
	CLOSE_WAIT_MS
} from './upstream-http';
import { abortedError, providerError } from './provider-errors';

/*
 * [Note: A call ends when its socket closes] An aborted call is open at the provider until the
 * provider sees its connection close, and a provider slot must stay held until then, or a freed
 * slot's next call can reach the provider while the aborted one is still open there (issue 12).
 * fetch destroys the socket and rejects at once, so the real transport is upstream-http.ts: an
 * abort half-closes the connection and rejects only when the provider has closed it too. An
 * injected `fetch` (tests) is used as it is.
 */

/** Default cap on a provider's answer (a 4K PNG as base64 inside JSON stays well below it). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A provider's answer, fully read. */
export interface UpstreamResponse {
	status: number;
	headers: Headers;
	text: string;
}

export interface UpstreamCall {
	fetch: typeof globalThis.fetch;
	url: string;
	init: RequestInit;
	signal: AbortSignal;
	/** Provider name for messages, e.g. `OpenRouter`. */
	label: string;
	/** Values scrubbed from every message (see [Note: Key scrubbing]). */
	secrets: readonly string[];
	maxBytes?: number;
}

/**
 * Sends the request and reads the whole body.
 * @throws ProviderError PROVIDER_TIMEOUT when `signal` aborts, PROVIDER_UNAVAILABLE on a network
 * error or reset, PROVIDER_BAD_RESPONSE when the body exceeds the cap.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
	if (call.signal.aborted) throw abortedError(call.signal, call.label);
	if (call.fetch !== globalThis.fetch) return send(call);
	const max = call.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
	try {
		const answer = await sendOverHttp(call.url, call.init, call.signal, max);
		return { status: answer.status, headers: answer.headers, text: answer.body.toString('utf8') };
	} catch (error) {
		if (call.signal.aborted) throw abortedError(call.signal, call.label);
		if (error instanceof UpstreamTooLargeError) throw tooLarge(call, max);
		throw networkError(
			error instanceof UpstreamNetworkError ? { cause: { code: error.code } } : error,
			call
		);
	}
}

/** The same call through an injected fetch. */
async function send(call: UpstreamCall): Promise<UpstreamResponse> {
	const { signal } = call;
	let response: Response;
	try {
		// 'manual': an API that redirects is misbehaving, and following could leak the auth header.
		response = await call.fetch(call.url, { ...call.init, signal, redirect: 'manual' });
	} catch (error) {
		throw networkError(error, call);
	}
	const text = await readCapped(response, call);
	return { status: response.status, headers: response.headers, text };
}

/** Resolves once every socket has closed (at most {@link CLOSE_WAIT_MS}). */
export async function socketsClosed(sockets: Iterable<Socket>): Promise<void> {
	const open = [...sockets].filter((socket) => !socket.closed);
	if (open.length === 0) return;
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		Promise.all(open.map((socket) => new Promise((resolve) => socket.once('close', resolve)))),
		new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))
	]);
	clearTimeout(timer);
}

async function readCapped(response: Response, call: UpstreamCall): Promise<string> {
	const max = call.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
	const declared = Number(response.headers.get('content-length'));
	if (declared > max) {
		await response.body?.cancel().catch(() => undefined);
		throw tooLarge(call, max);
	}
	if (!response.body) return '';
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.byteLength;
			if (total > max) {
				await reader.cancel().catch(() => undefined);
				throw tooLarge(call, max);
			}
			chunks.push(value);
		}
	} catch (error) {
		if (error instanceof Error && error.name === 'ProviderError') throw error;
		throw networkError(error, call);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(call: UpstreamCall, max: number) {
	return providerError({
		code: 'PROVIDER_BAD_RESPONSE',
		message: `${call.label}: the answer is larger than ${Math.round(max / 1024 / 1024)} MiB`,
		secrets: call.secrets
	});
}

function networkError(error: unknown, call: UpstreamCall) {
	if (call.signal.aborted) return abortedError(call.signal, call.label);
	const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
	const detail =
		typeof cause?.code === 'string'
			? cause.code
			: error instanceof Error
				? error.message
				: 'unknown';
	return providerError({
		code: 'PROVIDER_UNAVAILABLE',
		message: `${call.label}: network error (${detail})`,
		secrets: call.secrets
	});
}

/** `text` parsed as JSON, or undefined when it is not JSON (for error bodies, best effort). */
export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined; // Not JSON: the caller falls back to the status alone.
	}
}

/**
 * Parses a success body as a JSON object.
 * @throws ProviderError PROVIDER_BAD_RESPONSE for HTML, malformed JSON or a non-object.
 */
export function parseJsonObject(
	response: UpstreamResponse,
	label: string,
	secrets: readonly string[]
): Record<string, unknown> {
	const type = response.headers.get('content-type') ?? '';
	const trimmed = response.text.trimStart();
	if (type.includes('text/html') || trimmed.startsWith('<')) {
		throw providerError({
			code: 'PROVIDER_BAD_RESPONSE',
			message: `${label}: answered with HTML instead of JSON`,
			secrets
		});
	}
	const parsed = tryParseJson(trimmed);
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw providerError({
			code: 'PROVIDER_BAD_RESPONSE',
			message: `${label}: the answer is not a JSON object`,
			secrets
		});
	}
	return parsed as Record<string, unknown>;
}
