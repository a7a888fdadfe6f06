/**
 * Our ErrorCode → tRPC error (and so HTTP status). Services throw an AppError, which init.ts maps
 * here with `toTRPCError` — the one place the two meet; routers may throw `relayError(code)`.
 * The errorFormatter puts `code`, `retryable` and `retryAfterMs` in the error data for the client.
 */
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ERROR_CODES, type ErrorCode } from '#shared/protocol';
import type { AppError } from '../services/app-error';

const TRPC_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
	BAD_INPUT: 'BAD_REQUEST',
	PROMPT_EMPTY: 'BAD_REQUEST',
	PROMPT_TOO_LONG: 'BAD_REQUEST',
	UNKNOWN_MODEL: 'BAD_REQUEST',
	PARAM_NOT_SUPPORTED: 'BAD_REQUEST',
	INSUFFICIENT_CREDITS: 'PAYMENT_REQUIRED',
	IDEMPOTENCY_CONFLICT: 'UNPROCESSABLE_CONTENT',
	NOT_FOUND: 'NOT_FOUND',
	UNAUTHENTICATED: 'UNAUTHORIZED',
	FORBIDDEN: 'FORBIDDEN',
	EMAIL_TAKEN: 'CONFLICT',
	BAD_CREDENTIALS: 'UNAUTHORIZED',
	ACCOUNT_DISABLED: 'FORBIDDEN',
	RATE_LIMITED: 'TOO_MANY_REQUESTS',
	TOO_MANY_IN_FLIGHT: 'TOO_MANY_REQUESTS',
	PROVIDER_RATE_LIMITED: 'TOO_MANY_REQUESTS',
	PROVIDER_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
	PROVIDER_TIMEOUT: 'TIMEOUT',
	PROVIDER_BAD_RESPONSE: 'BAD_GATEWAY',
	RELAY_RESTARTED: 'SERVICE_UNAVAILABLE',
	RELAY_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
	CONTENT_BLOCKED: 'UNPROCESSABLE_CONTENT',
	NO_IMAGE_RETURNED: 'UNPROCESSABLE_CONTENT',
	PROVIDER_REJECTED_REQUEST: 'BAD_REQUEST',
	PROVIDER_KEY_INVALID: 'BAD_GATEWAY',
	PROVIDER_OUT_OF_FUNDS: 'BAD_GATEWAY',
	PROVIDER_IMAGE_REFUSED: 'BAD_GATEWAY',
	SOURCE_IMAGE_MISSING: 'PRECONDITION_FAILED',
	UPLOAD_REJECTED: 'BAD_REQUEST',
	CLIENT_TOO_OLD: 'PRECONDITION_FAILED',
	JOB_CLAIMED_ELSEWHERE: 'CONFLICT',
	CLIENT_OF_OTHER_USER: 'FORBIDDEN',
	REDEEM_CODE_UNKNOWN: 'NOT_FOUND',
	REDEEM_CODE_EXPIRED: 'UNPROCESSABLE_CONTENT',
	REDEEM_CODE_USED_UP: 'CONFLICT',
	REDEEM_CODE_ALREADY_REDEEMED: 'CONFLICT',
	REDEEM_CODE_TAKEN: 'CONFLICT',
	INTERNAL: 'INTERNAL_SERVER_ERROR'
};

/** Extra facts carried to the client in `error.data`. */
export interface RelayErrorCause {
	code: ErrorCode;
	retryAfterMs?: number | null;
}

export class RelayErrorCauseCarrier extends Error {
	constructor(
		readonly detail: RelayErrorCause,
		options?: { cause?: unknown }
	) {
		super(detail.code, options);
	}
}

/** A TRPCError for one of our codes; `message` is English, for logs and API users. */
export function relayError(
	code: ErrorCode,
	message: string,
	options: { retryAfterMs?: number | null } = {}
): TRPCError {
	return new TRPCError({
		code: TRPC_CODE[code],
		message,
		cause: new RelayErrorCauseCarrier({ code, retryAfterMs: options.retryAfterMs ?? null })
	});
}

/** A service's AppError as the TRPCError of its code; the AppError stays in the cause chain for the log. */
export function toTRPCError(error: AppError): TRPCError {
	return new TRPCError({
		code: TRPC_CODE[error.code],
		message: error.message,
		cause: new RelayErrorCauseCarrier(
			{ code: error.code, retryAfterMs: error.retryAfterMs },
			{ cause: error }
		)
	});
}

/** The answer while the relay's database is away: retryable, and nothing was recorded or charged. */
export function databaseUnavailableError(): TRPCError {
	return relayError(
		'RELAY_UNAVAILABLE',
		'The relay cannot reach its database right now; try again shortly.',
		{ retryAfterMs: 2_000 }
	);
}

/** Reads our code back from any TRPCError (falls back by tRPC code). */
export function errorDetail(error: TRPCError): {
	code: ErrorCode;
	retryable: boolean;
	retryAfterMs: number | null;
} {
	const cause = error.cause instanceof RelayErrorCauseCarrier ? error.cause.detail : null;
	const code: ErrorCode =
		cause?.code ??
		(error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR'
			? 'BAD_INPUT'
			: error.code === 'UNAUTHORIZED'
				? 'UNAUTHENTICATED'
				: error.code === 'FORBIDDEN'
					? 'FORBIDDEN'
					: error.code === 'NOT_FOUND'
						? 'NOT_FOUND'
						: error.code === 'TOO_MANY_REQUESTS'
							? 'RATE_LIMITED'
							: 'INTERNAL');
	return {
		code,
		retryable: ERROR_CODES[code] === 'retryable',
		retryAfterMs: cause?.retryAfterMs ?? null
	};
}
