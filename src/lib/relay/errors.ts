/**
 * Turns anything a relay call can throw into one of our codes: the relay's `data.errorCode`,
 * else a code derived from the HTTP status, else `NETWORK` when the relay could not be reached.
 * Pure: no toasts, no logging (that is `handleError` in src/lib/errors.ts).
 */
import { TRPCClientError } from '@trpc/client';
import { ERROR_CODES, isErrorCode, type ErrorCode } from '../shared/protocol';

/** Our codes plus `NETWORK`: offline, relay down, or an answer that was not the relay's. Retryable. */
export type RelayErrorCode = ErrorCode | 'NETWORK';

/** What the app needs to know about a failed relay call. */
export interface RelayFailure {
	code: RelayErrorCode;
	retryable: boolean;
	/** How long the relay asked us to wait, if it did. */
	retryAfterMs: number | null;
	/** Field errors of a `BAD_REQUEST` (zod flattened), if any. */
	fieldErrors: Record<string, string[]> | null;
}

/** A non-tRPC relay endpoint (e.g. GET /blob) answered with an error status. */
export class RelayHttpError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'RelayHttpError';
	}
}

interface ErrorData {
	errorCode?: unknown;
	retryAfterMs?: unknown;
	httpStatus?: unknown;
	zod?: { fieldErrors?: Record<string, string[]> } | null;
}

const BY_STATUS: Record<number, ErrorCode> = {
	400: 'BAD_INPUT',
	401: 'UNAUTHENTICATED',
	402: 'INSUFFICIENT_CREDITS',
	403: 'FORBIDDEN',
	404: 'NOT_FOUND',
	429: 'RATE_LIMITED'
};

function failure(code: RelayErrorCode, extra: Partial<RelayFailure> = {}): RelayFailure {
	const retryable = code === 'NETWORK' || ERROR_CODES[code] === 'retryable';
	return { code, retryable, retryAfterMs: null, fieldErrors: null, ...extra };
}

function statusOf(error: TRPCClientError<never>): number | null {
	const data = error.data as ErrorData | undefined;
	if (typeof data?.httpStatus === 'number') return data.httpStatus;
	const meta = error.meta as { response?: { status?: number } } | undefined;
	return meta?.response?.status ?? null;
}

/** The HTTP status of a tRPC error, when it carries one (null for anything else). */
export function httpStatusOf(error: unknown): number | null {
	if (!(error instanceof TRPCClientError)) return null;
	const data = error.data as { httpStatus?: unknown } | undefined;
	if (typeof data?.httpStatus === 'number') return data.httpStatus;
	const status = (error.meta as { response?: { status?: unknown } } | undefined)?.response?.status;
	return typeof status === 'number' ? status : null;
}

/** Classifies a thrown value from a relay call (tRPC or `fetch`). Never throws. */
export function relayFailureOf(error: unknown): RelayFailure {
	if (error instanceof TRPCClientError) {
		const data = error.data as ErrorData | undefined;
		if (data && isErrorCode(data.errorCode)) {
			return failure(data.errorCode, {
				retryAfterMs: typeof data.retryAfterMs === 'number' ? data.retryAfterMs : null,
				fieldErrors: data.zod?.fieldErrors ?? null
			});
		}
		const status = statusOf(error as TRPCClientError<never>);
		// No status: fetch itself failed. 5xx without our data: a proxy or gateway, not the relay.
		if (status === null || status >= 500) return failure('NETWORK');
		return failure(BY_STATUS[status] ?? 'INTERNAL');
	}
	if (error instanceof TypeError) return failure('NETWORK'); // fetch() rejects with TypeError
	if (error instanceof RelayHttpError)
		return failure(BY_STATUS[error.status] ?? (error.status >= 500 ? 'NETWORK' : 'INTERNAL'));
	return failure('INTERNAL');
}
