/**
 * How long to wait before trying an item again: exponential with jitter, never sooner than the
 * relay's Retry-After. Pure; `random` is passed in so tests are deterministic.
 */

export const BASE_BACKOFF_MS = 2_000;
export const MAX_BACKOFF_MS = 60_000;

/**
 * Delay before try number `attempt + 1` (attempt ≥ 1 tries have failed). "Full jitter" on top of
 * half the exponential step, so many items failing together do not come back together.
 */
export function backoffDelay(
	attempt: number,
	retryAfterMs: number | null,
	random: () => number
): number {
	const step = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
	const jittered = step / 2 + random() * (step / 2);
	return Math.ceil(Math.max(retryAfterMs ?? 0, 0) + (retryAfterMs ? random() * 250 : jittered));
}
