/**
 * The wire protocol's version and the closed set of error codes shared by app and relay.
 * Each code has a class: `retryable` (try again later with the same id) or `final`.
 * Must not import anything but zod.
 */

/** Bumped when the client/relay contract changes incompatibly. */
export const PROTOCOL_VERSION = 1;

export const ERROR_CODES = {
	BAD_INPUT: 'final',
	PROMPT_EMPTY: 'final',
	PROMPT_TOO_LONG: 'final',
	UNKNOWN_MODEL: 'final',
	PARAM_NOT_SUPPORTED: 'final',
	INSUFFICIENT_CREDITS: 'final',
	IDEMPOTENCY_CONFLICT: 'final',
	NOT_FOUND: 'final',
	UNAUTHENTICATED: 'final',
	FORBIDDEN: 'final',
	EMAIL_TAKEN: 'final',
	BAD_CREDENTIALS: 'final',
	ACCOUNT_DISABLED: 'final',
	RATE_LIMITED: 'retryable',
	TOO_MANY_IN_FLIGHT: 'retryable',
	PROVIDER_RATE_LIMITED: 'retryable',
	PROVIDER_UNAVAILABLE: 'retryable',
	PROVIDER_TIMEOUT: 'retryable',
	PROVIDER_BAD_RESPONSE: 'retryable',
	RELAY_RESTARTED: 'retryable',
	/** The relay's database is not answering (restart, failover): nothing was recorded or charged. */
	RELAY_UNAVAILABLE: 'retryable',
	CONTENT_BLOCKED: 'final',
	NO_IMAGE_RETURNED: 'final',
	PROVIDER_REJECTED_REQUEST: 'final',
	PROVIDER_KEY_INVALID: 'final',
	PROVIDER_OUT_OF_FUNDS: 'final',
	/** The provider's image URL points where the relay will not fetch (private address, foreign host, too big): retrying would call and charge again. */
	PROVIDER_IMAGE_REFUSED: 'final',
	SOURCE_IMAGE_MISSING: 'retryable',
	UPLOAD_REJECTED: 'final',
	CLIENT_TOO_OLD: 'final',
	/** Another device took over this batch (job.claim): this device must stop submitting its items. */
	JOB_CLAIMED_ELSEWHERE: 'final',
	/** A sync push came from a clientId registered to another user. */
	CLIENT_OF_OTHER_USER: 'final',
	REDEEM_CODE_UNKNOWN: 'final',
	REDEEM_CODE_EXPIRED: 'final',
	REDEEM_CODE_USED_UP: 'final',
	REDEEM_CODE_ALREADY_REDEEMED: 'final',
	REDEEM_CODE_TAKEN: 'final',
	INTERNAL: 'retryable'
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** True when asking again later (same id) may succeed. */
export function isRetryable(code: ErrorCode): boolean {
	return ERROR_CODES[code] === 'retryable';
}

export function isErrorCode(value: unknown): value is ErrorCode {
	return typeof value === 'string' && value in ERROR_CODES;
}

/** Header every tRPC call must carry: closes CSRF (a cross-site form cannot set it). */
export const CLIENT_HEADER = 'x-nbs-client';
