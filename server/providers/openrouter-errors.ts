/**
 * Maps OpenRouter's error answers (both the chat and the Image API path) to our ErrorCodes,
 * per providers.md §1d. Pure: takes a read response, returns a ProviderError.
 */
import type { ErrorCode } from '#shared/protocol';
import type { ProviderError } from './provider';
import {
	codeForStatus,
	COMMON_STATUS_TABLE,
	providerError,
	retryAfterFromHeaders,
	type StatusTable
} from './provider-errors';
import { tryParseJson, type UpstreamResponse } from './upstream-fetch';

/** `error.metadata.error_type` values that mean the content was refused, not the request. */
const CONTENT_ERROR_TYPES = new Set(['content_policy_violation', 'refusal']);

/** The `{ error: { code, message, metadata } }` body, when there is one. */
export interface OpenRouterErrorBody {
	code?: unknown;
	message?: unknown;
	metadata?: { error_type?: unknown; reasons?: unknown; provider_name?: unknown } & Record<
		string,
		unknown
	>;
}

/** Reads `error` out of an OpenRouter body (parsed object or raw text). */
export function openRouterErrorBody(body: unknown): OpenRouterErrorBody | undefined {
	const parsed = typeof body === 'string' ? tryParseJson(body) : body;
	const error = (parsed as { error?: unknown } | undefined)?.error;
	return error && typeof error === 'object' ? error : undefined;
}

/** OpenRouter's statuses (providers.md §1d); 403 without moderation reasons is a key problem. */
const OPENROUTER_STATUS_TABLE: StatusTable = {
	...COMMON_STATUS_TABLE,
	502: 'PROVIDER_UNAVAILABLE',
	529: 'PROVIDER_UNAVAILABLE'
};
/** `error.code` strings (OpenAI-style upstreams behind the Image API, in-band errors) that mean moderation. */
const CONTENT_CODES = new Set(['moderation_blocked', 'content_policy_violation', 'content_filter']);

function codeFor(status: number, error: OpenRouterErrorBody | undefined): ErrorCode {
	const errorType =
		typeof error?.metadata?.error_type === 'string' ? error.metadata.error_type : '';
	if (CONTENT_ERROR_TYPES.has(errorType)) return 'CONTENT_BLOCKED';
	if (typeof error?.code === 'string' && CONTENT_CODES.has(error.code)) return 'CONTENT_BLOCKED';
	// A moderation flag carries metadata.reasons (and flagged_input), whatever the status (403 chat, 400/422 images).
	if (Array.isArray(error?.metadata?.reasons) || typeof error?.metadata?.flagged_input === 'string')
		return 'CONTENT_BLOCKED';
	if (errorType === 'payment_required') return 'PROVIDER_OUT_OF_FUNDS';
	return codeForStatus(status, OPENROUTER_STATUS_TABLE);
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
	const reasons = Array.isArray(error?.metadata?.reasons)
		? ` (${error.metadata.reasons.join(', ')})`
		: '';
	const retryable = code === 'PROVIDER_RATE_LIMITED' || code === 'PROVIDER_UNAVAILABLE';
	return providerError({
		code,
		status,
		message: `OpenRouter ${status}: ${upstreamMessage || 'no error message'}${reasons}`,
		retryAfterMs: retryable ? retryAfterFromHeaders(response.headers) : null,
		secrets
	});
}
