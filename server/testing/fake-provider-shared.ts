/**
 * Types and helpers shared by the fake provider server and its per-dialect answer builders.
 * Test-only: imported by tests and server/testing, never by production code.
 */
import { encodePng } from '../providers/png-encoder';

/** One scripted answer; the fake consumes one per request (default `{ kind: 'image' }`). */
export type FakeBehaviour =
	| { kind: 'image'; count?: number; cost?: number; text?: string }
	| { kind: 'slow'; ms: number }
	/** Holds the request open until `until` settles (or the client goes away), then answers an image. */
	| { kind: 'held'; until: Promise<unknown> }
	| {
			kind: 'status';
			status: number;
			retryAfter?: string;
			body?: unknown;
			headers?: Record<string, string>;
	  }
	| { kind: '500' }
	| { kind: 'garbage' }
	| { kind: 'html200' }
	| { kind: 'text-only'; text?: string }
	| { kind: 'truncated-image' }
	| { kind: 'safety' }
	| { kind: 'hang' }
	| { kind: 'reset' }
	/** Answers with a URL to the image (served by the fake at /files/…), where the dialect has URL answers. */
	| { kind: 'url' }
	/** Answers with a URL that redirects to a loopback address (default: IPv4-mapped IPv6 spelling). */
	| { kind: 'redirect-to-loopback'; location?: string }
	/** Gemini: prompt-level block (promptFeedback.blockReason, no candidates); others: like `safety`. */
	| { kind: 'blocked-prompt' };

/** A recorded multipart/form-data request body. */
export interface FakeMultipartBody {
	fields: Record<string, string | string[]>;
	files: { field: string; filename: string; type: string; bytes: Uint8Array }[];
}

/** One recorded request. `body` is parsed JSON, a {@link FakeMultipartBody}, or the raw text. */
export interface FakeCall {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** What a dialect answers: status, headers and the body text. */
export interface FakeReply {
	status: number;
	headers?: Record<string, string>;
	body: string | Uint8Array;
}

/** Context a dialect gets for building a reply. */
export interface FakeReplyContext {
	call: FakeCall;
	/** The fake's own origin, e.g. `http://127.0.0.1:41234`, for URL answers. */
	origin: string;
	/** Base64 of the image every answer carries (a tiny PNG unless the fake was given one). */
	imageBase64: string;
}

/** A wire dialect of the fake: which paths it serves, how it authenticates and answers. */
export interface FakeDialect {
	name: string;
	matches(path: string): boolean;
	isAuthorised(headers: FakeCall['headers'], key: string): boolean;
	unauthorised(): FakeReply;
	reply(behaviour: FakeBehaviour, context: FakeReplyContext): FakeReply;
}

let cachedPng: Uint8Array | undefined;

/** A real 8×8 PNG (a small gradient), made once. */
export function tinyPng(): Uint8Array {
	if (!cachedPng) {
		const rgb = new Uint8Array(8 * 8 * 3);
		for (let i = 0; i < 64; i++) rgb.set([i * 4, 255 - i * 4, 128], i * 3);
		cachedPng = encodePng({ width: 8, height: 8, rgb });
	}
	return cachedPng;
}

/** Base64 of {@link tinyPng}. */
export function tinyPngBase64(): string {
	return Buffer.from(tinyPng()).toString('base64');
}

/** Base64 of the first half of {@link tinyPng}: decodes fine, but the PNG is cut off. */
export function truncatedPngBase64(): string {
	const png = tinyPng();
	return Buffer.from(png.subarray(0, Math.floor(png.length / 2))).toString('base64');
}

/** A JSON reply. */
export function json(
	status: number,
	value: unknown,
	headers: Record<string, string> = {}
): FakeReply {
	return {
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(value)
	};
}

/** The `status` behaviour's reply, with the dialect's default error body unless one is given. */
export function statusReply(
	behaviour: Extract<FakeBehaviour, { kind: 'status' }>,
	defaultBody: (status: number) => unknown
): FakeReply {
	const headers: Record<string, string> = { ...behaviour.headers };
	if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
	const body = behaviour.body === undefined ? defaultBody(behaviour.status) : behaviour.body;
	if (typeof body === 'string') return { status: behaviour.status, headers, body };
	return json(behaviour.status, body, headers);
}

/** The URL answer for `url` / `redirect-to-loopback` behaviours (null for other behaviours). */
export function urlAnswer(behaviour: FakeBehaviour, origin: string): string | null {
	if (behaviour.kind === 'url') return `${origin}/files/tiny.png`;
	if (behaviour.kind !== 'redirect-to-loopback') return null;
	const port = new URL(origin).port;
	const location = behaviour.location ?? `http://[::ffff:127.0.0.1]:${port}/files/tiny.png`;
	return `${origin}/redirect?to=${encodeURIComponent(location)}`;
}

/** Reads a header as one string (first value when repeated). */
export function header(headers: FakeCall['headers'], name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}
