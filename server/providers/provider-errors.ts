/**
 * Helpers every adapter uses to build {@link ProviderError}s: key scrubbing, Retry-After parsing,
 * abort handling and abortable sleep. No wire format lives here.
 */
import type { ErrorCode } from '#shared/protocol';
import { ProviderError } from './provider';

/** Longest upstream text we copy into an error message. */
const MAX_MESSAGE_LENGTH = 300;

/**
 * Replaces every occurrence of each secret in `text` with `[redacted]` and trims it.
 * [Note: Key scrubbing] every message that may contain upstream text goes through here before it
 * becomes an Error, so neither `message` nor `stack` can carry the key.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[], max = MAX_MESSAGE_LENGTH): string {
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
	return new ProviderError({ code: 'PROVIDER_TIMEOUT', message: `${label}: the call was stopped at its deadline` });
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
