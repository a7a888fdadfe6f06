/**
 * Errors of the /v1 API in OpenAI's shape, `{ error: { message, type, param, code } }`, with the
 * statuses OpenAI clients act on (400, 401, 402, 404, 409, 413, 429 + Retry-After, 5xx). `code`
 * is our ErrorCode, so a script can tell "no credits" from "key cap reached" from a provider fault.
 */
import type { ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { ErrorCode } from '#shared/protocol';
import { errorDetail } from '../../trpc/errors';
import { AppError } from '../../services/app-error';

export type OpenAIErrorType =
	| 'invalid_request_error'
	| 'authentication_error'
	| 'permission_error'
	| 'not_found_error'
	| 'insufficient_quota'
	| 'rate_limit_error'
	| 'server_error';

/** A refusal of the /v1 layer itself (bad parameter, bad key, oversized body). */
export class OpenAIError extends Error {
	constructor(
		readonly status: number,
		readonly type: OpenAIErrorType,
		message: string,
		/** Our ErrorCode, or an OpenAI-style code of the /v1 layer itself. */
		readonly code: string,
		readonly param: string | null = null,
		readonly retryAfterMs: number | null = null
	) {
		super(message);
	}
}

/** 400 invalid_request_error naming the parameter. */
export const badParam = (param: string, message: string, code: ErrorCode = 'BAD_INPUT') =>
	new OpenAIError(400, 'invalid_request_error', message, code, param);

const STATUS: Partial<Record<ErrorCode, [number, OpenAIErrorType]>> = {
	UNAUTHENTICATED: [401, 'authentication_error'],
	FORBIDDEN: [403, 'permission_error'],
	ACCOUNT_DISABLED: [403, 'permission_error'],
	NOT_FOUND: [404, 'not_found_error'],
	INSUFFICIENT_CREDITS: [402, 'insufficient_quota'],
	IDEMPOTENCY_CONFLICT: [409, 'invalid_request_error'],
	RATE_LIMITED: [429, 'rate_limit_error'],
	TOO_MANY_IN_FLIGHT: [429, 'rate_limit_error'],
	PROVIDER_RATE_LIMITED: [429, 'rate_limit_error'],
	PROVIDER_UNAVAILABLE: [503, 'server_error'],
	RELAY_RESTARTED: [503, 'server_error'],
	RELAY_UNAVAILABLE: [503, 'server_error'],
	PROVIDER_TIMEOUT: [504, 'server_error'],
	PROVIDER_BAD_RESPONSE: [502, 'server_error'],
	PROVIDER_KEY_INVALID: [502, 'server_error'],
	PROVIDER_OUT_OF_FUNDS: [502, 'server_error'],
	NO_IMAGE_RETURNED: [502, 'server_error'],
	INTERNAL: [500, 'server_error']
};

/** Which request parameter a relay refusal is about, where the code says. */
const PARAM_OF: Partial<Record<ErrorCode, string>> = {
	PROMPT_EMPTY: 'prompt',
	PROMPT_TOO_LONG: 'prompt',
	UNKNOWN_MODEL: 'model',
	SOURCE_IMAGE_MISSING: 'image'
};

/** An outcome with one of our codes (a refused submit or a failed generation) as an OpenAIError. */
export function openAIErrorOf(
	code: ErrorCode,
	message: string,
	retryAfterMs: number | null = null
): OpenAIError {
	const [status, type] = STATUS[code] ?? [400, 'invalid_request_error'];
	return new OpenAIError(status, type, message, code, PARAM_OF[code] ?? null, retryAfterMs);
}

/** Any thrown value as an OpenAIError; unexpected ones become a bare 500 (their text may hold internals). */
export function toOpenAIError(error: unknown): { error: OpenAIError; unexpected: boolean } {
	if (error instanceof OpenAIError) return { error, unexpected: false };
	if (error instanceof AppError && error.code !== 'INTERNAL')
		return {
			error: openAIErrorOf(error.code, error.message, error.retryAfterMs),
			unexpected: false
		};
	if (error instanceof TRPCError) {
		const detail = errorDetail(error);
		if (detail.code !== 'INTERNAL')
			return {
				error: openAIErrorOf(detail.code, error.message, detail.retryAfterMs),
				unexpected: false
			};
	}
	return {
		error: new OpenAIError(500, 'server_error', 'Internal error', 'INTERNAL'),
		unexpected: true
	};
}

export function sendOpenAIError(
	res: ServerResponse,
	error: OpenAIError,
	options: { closeConnection?: boolean } = {}
): void {
	if (res.headersSent) return void res.end();
	const headers: Record<string, string> = {
		'Content-Type': 'application/json; charset=utf-8',
		'Cache-Control': 'no-store'
	};
	if (error.status === 429 || error.status === 503)
		headers['Retry-After'] = String(Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)));
	if (options.closeConnection) headers.Connection = 'close';
	res.writeHead(error.status, headers);
	res.end(
		JSON.stringify({
			error: { message: error.message, type: error.type, param: error.param, code: error.code }
		})
	);
}
