/**
 * The error a service throws when a request cannot be served: one of our ErrorCodes and an English
 * message for logs and API users. Services know nothing of tRPC or HTTP; server/trpc maps an
 * AppError to a TRPCError in one place (init.ts → errors.ts `toTRPCError`), and the OpenAI-style
 * routes map it to their error body (http/openai/errors.ts).
 */
import type { ErrorCode } from '#shared/protocol';

/** A refused or failed request, carrying our code (and when to retry, for rate limits). */
export class AppError extends Error {
	override readonly name = 'AppError';
	/** How long to wait before trying again, in milliseconds; null when the code says nothing of it. */
	readonly retryAfterMs: number | null;

	constructor(
		readonly code: ErrorCode,
		message: string,
		options: { retryAfterMs?: number | null; cause?: unknown } = {}
	) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.retryAfterMs = options.retryAfterMs ?? null;
	}
}

/** Shorthand for `new AppError(…)`, so `throw appError('NOT_FOUND', '…')` reads like the old relayError. */
export function appError(
	code: ErrorCode,
	message: string,
	options: { retryAfterMs?: number | null } = {}
): AppError {
	return new AppError(code, message, options);
}
