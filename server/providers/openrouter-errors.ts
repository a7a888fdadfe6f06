/**
 * Maps OpenRouter's error answers (both the chat and the Image API path) to our ErrorCodes,
 * per providers.md §1d. Pure: takes a read response, returns a ProviderError.
 */
import type { ErrorCode } from '#shared/protocol';
import type { ProviderError } from './provider';
import { providerError, retryAfterFromHeaders } from './provider-errors';
import { tryParseJson, type UpstreamResponse } from './upstream-fetch';

/** `error.metadata.error_type` values that mean the content was refused, not the request. */
const CONTENT_ERROR_TYPES = new Set(['content_policy_violation', 'refusal']);

/** The `{ error: { code, message, metadata } }` body, when there is one. */
export interface OpenRouterErrorBody {
	code?: unknown;
	message?: unknown;
	metadata?: { error_type?: unknown; reasons?: unknown; provider_name?: unknown } & Record<string, unknown>;
}

/** Reads `error` out of an OpenRouter body (parsed object or raw text). */
export function openRouterErrorBody(body: unknown): OpenRouterErrorBody | undefined {
	const parsed = typeof body === 'string' ? tryParseJson(body) : body;
	const error = (parsed as { error?: unknown } | undefined)?.error;
	return error && typeof error === 'object' ? (error as OpenRouterErrorBody) : undefined;
}

function codeFor(status: number, error: OpenRouterErrorBody | undefined): ErrorCode {
	const errorType = typeof error?.metadata?.error_type === 'string' ? error.metadata.error_type : '';
	if (CONTENT_ERROR_TYPES.has(errorType)) return 'CONTENT_BLOCKED';
	if (status === 401) return 'PROVIDER_KEY_INVALID';
	if (status === 403) {
		// 403 is both "key not allowed" and a moderation flag; moderation carries metadata.reasons.
		return Array.isArray(error?.metadata?.reasons) ? 'CONTENT_BLOCKED' : 'PROVIDER_KEY_INVALID';
	}
	if (status === 402) return 'PROVIDER_OUT_OF_FUNDS';
	if (status === 429) return 'PROVIDER_RATE_LIMITED';
	if (status === 408 || status === 524) return 'PROVIDER_TIMEOUT';
	if (status >= 500) return 'PROVIDER_UNAVAILABLE';
	if (status >= 300 && status < 400) return 'PROVIDER_BAD_RESPONSE';
	return 'PROVIDER_REJECTED_REQUEST';
}

/**
 * The ProviderError for a non-2xx OpenRouter answer (or a 200 carrying an in-band `error`).
 * @param status HTTP status, or the in-band `error.code` when the HTTP status was 200.
 */
export function openRouterError(options: {
	status: number;
	response: UpstreamResponse;
	error?: OpenRouterErrorBody;
	secrets: readonly string[];
}): ProviderError {
	const { status, response, secrets } = options;
	const error = options.error ?? openRouterErrorBody(response.text);
	const code = codeFor(status, error);
	const upstreamMessage = typeof error?.message === 'string' ? error.message : '';
	const reasons = Array.isArray(error?.metadata?.reasons) ? ` (${error.metadata.reasons.join(', ')})` : '';
	const retryable = code === 'PROVIDER_RATE_LIMITED' || code === 'PROVIDER_UNAVAILABLE';
	return providerError({
		code,
		status,
		message: `OpenRouter ${status}: ${upstreamMessage || 'no error message'}${reasons}`,
		retryAfterMs: retryable ? retryAfterFromHeaders(response.headers) : null,
		secrets
	});
}
