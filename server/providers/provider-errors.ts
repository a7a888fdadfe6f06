/**
 * Helpers every adapter uses to build {@link ProviderError}s: key scrubbing, Retry-After parsing,
 * abort handling and abortable sleep. No wire format lives here.
 */
import type { ErrorCode } from '#shared/protocol';
import { ProviderError } from './provider';

/** HTTP status → our code, for one provider; body-specific rules (moderation, quota codes) come first. */
export type StatusTable = Readonly<Record<number, ErrorCode>>;

/**
 * What every provider's status means unless its own table says otherwise. 405/415/413/422 say our
 * request cannot be served as sent (wrong base URL, an API change, a too-large body): final, so no
 * retry re-sends it and charges again; 402 is the operator's empty balance.
 */
export const COMMON_STATUS_TABLE: StatusTable = {
	400: 'PROVIDER_REJECTED_REQUEST',
	401: 'PROVIDER_KEY_INVALID',
	402: 'PROVIDER_OUT_OF_FUNDS',
	403: 'PROVIDER_KEY_INVALID',
	404: 'PROVIDER_REJECTED_REQUEST',
	405: 'PROVIDER_REJECTED_REQUEST',
	408: 'PROVIDER_TIMEOUT',
	413: 'PROVIDER_REJECTED_REQUEST',
	415: 'PROVIDER_REJECTED_REQUEST',
	422: 'PROVIDER_REJECTED_REQUEST',
	429: 'PROVIDER_RATE_LIMITED',
	504: 'PROVIDER_TIMEOUT',
	524: 'PROVIDER_TIMEOUT'
};

/** The code for `status` by `table`; unlisted: 5xx unavailable (retryable), 3xx a bad answer, other 4xx rejected (final). */
export function codeForStatus(status: number, table: StatusTable): ErrorCode {
	const listed = table[status];
	if (listed) return listed;
	if (status >= 500) return 'PROVIDER_UNAVAILABLE';
	if (status >= 300 && status < 400) return 'PROVIDER_BAD_RESPONSE';
	return 'PROVIDER_REJECTED_REQUEST';
}

/** Longest upstream text we copy into an error message. */
const MAX_MESSAGE_LENGTH = 300;

/**
 * Replaces every occurrence of each secret in `text` with `[redacted]` and trims it.
 * [Note: Key scrubbing] every message that may contain upstream text goes through here before it
 * becomes an Error, so neither `message` nor `stack` can carry the key.
 */
export function scrub(
	text: string,
	secrets: readonly (string | undefined)[],
	max = MAX_MESSAGE_LENGTH
): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	out = out.replace(/\s+/g, ' ').trim();
	return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** Builds a ProviderError whose message is scrubbed of `secrets` (see [Note: Key scrubbing]). */
export function providerError(options: {
	code: ErrorCode;
	message: string;
	secrets: readonly (string | undefined)[];
	status?: number | null;
	retryAfterMs?: number | null;
}): ProviderError {
	return new ProviderError({
		code: options.code,
		message: scrub(options.message, options.secrets),
		status: options.status ?? null,
		retryAfterMs: options.retryAfterMs ?? null
	});
}

/**
 * Parses a Retry-After value (delta seconds, possibly fractional, or an HTTP date) into ms.
 * @returns null when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
	if (value == null) return null;
	const trimmed = value.trim();
	if (trimmed === '') return null;
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Retry delay from response headers: `retry-after-ms` (OpenAI) first, then `retry-after`. */
export function retryAfterFromHeaders(headers: Headers, now = Date.now()): number | null {
	const ms = headers.get('retry-after-ms');
	if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
	return parseRetryAfter(headers.get('retry-after'), now);
}

/**
 * The error to throw once `signal` has aborted. The relay aborts only at its deadline (a client
 * going away does not cancel), so a plain abort is PROVIDER_TIMEOUT; a ProviderError given as the
 * abort reason is passed through unchanged.
 */
export function abortedError(signal: AbortSignal, label: string): ProviderError {
	if (signal.reason instanceof ProviderError) return signal.reason;
	return new ProviderError({
		code: 'PROVIDER_TIMEOUT',
		message: `${label}: the call was stopped at its deadline`
	});
}

/** Resolves after `ms`, or rejects with {@link abortedError} as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal, label: string): Promise<void> {
	if (signal.aborted) return Promise.reject(abortedError(signal, label));
	if (ms <= 0) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortedError(signal, label));
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
