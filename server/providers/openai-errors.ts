/**
 * Maps OpenAI Images error answers (and those of compatible relays) to our ErrorCodes, per
 * providers.md §2e. Pure: takes a read response, returns a ProviderError.
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

const QUOTA_CODES = new Set([
	'insufficient_quota',
	'credit_balance_exhausted',
	'billing_hard_limit_reached'
]);
const CONTENT_CODES = new Set(['moderation_blocked', 'content_policy_violation', 'content_filter']);

interface OpenAIErrorBody {
	message?: unknown;
	type?: unknown;
	code?: unknown;
}

/** Parses a Go-style duration as OpenAI sends in `x-ratelimit-reset-*` (`1s`, `6m0s`, `20ms`) into ms. */
export function parseDurationMs(value: string | null): number | null {
	if (!value) return null;
	const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
	if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value.trim()) return null;
	const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
	return Math.round(parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0));
}

/** OpenAI Images' statuses (providers.md §2e); quota and moderation come from the body first. */
const OPENAI_STATUS_TABLE: StatusTable = { ...COMMON_STATUS_TABLE };

function codeFor(status: number, error: OpenAIErrorBody | undefined): ErrorCode {
	const code = typeof error?.code === 'string' ? error.code : '';
	const type = typeof error?.type === 'string' ? error.type : '';
	if (CONTENT_CODES.has(code)) return 'CONTENT_BLOCKED';
	if (QUOTA_CODES.has(code) || QUOTA_CODES.has(type) || status === 402)
		return 'PROVIDER_OUT_OF_FUNDS';
	return codeForStatus(status, OPENAI_STATUS_TABLE);
}

/** The ProviderError for a non-2xx OpenAI Images answer. */
export function openAIError(options: {
	response: UpstreamResponse;
	label: string;
	secrets: readonly string[];
}): ProviderError {
	const { response, label, secrets } = options;
	const parsed = tryParseJson(response.text) as { error?: OpenAIErrorBody } | undefined;
	const error = parsed && typeof parsed.error === 'object' ? parsed.error : undefined;
	const code = codeFor(response.status, error);
	let retryAfterMs: number | null = null;
	if (code === 'PROVIDER_RATE_LIMITED' || code === 'PROVIDER_UNAVAILABLE') {
		retryAfterMs =
			retryAfterFromHeaders(response.headers) ??
			parseDurationMs(response.headers.get('x-ratelimit-reset-requests'));
	}
	const upstream = typeof error?.message === 'string' ? error.message : 'no error message';
	const upstreamCode = typeof error?.code === 'string' ? ` [${error.code}]` : '';
	return providerError({
		code,
		status: response.status,
		message: `${label} ${response.status}: ${upstream}${upstreamCode}`,
		retryAfterMs,
		secrets
	});
}
