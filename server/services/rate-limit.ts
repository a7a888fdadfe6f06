/**
 * Per-user request limits in fixed one-minute windows, counted in the database so that several
 * relay processes share them. A refused hit is taken back: refusals consume nothing.
 */
import type { Db } from '../db/client';
import { countHit, uncountHit } from '../db/repositories/limits.repository';
import { relayError } from '../trpc/errors';

export const RATE_WINDOW_MS = 60_000;

/** Throws RATE_LIMITED (429 with the time left in the window) when `limit` is used up. */
export async function takeRateLimit(
	deps: { db: Db; now: () => number },
	options: { key: string; limit: number; windowMs?: number; what?: string }
): Promise<void> {
	const windowMs = options.windowMs ?? RATE_WINDOW_MS;
	const now = deps.now();
	const windowStart = now - (now % windowMs);
	const count = await countHit(deps.db, options.key, windowStart);
	if (count <= options.limit) return;
	await uncountHit(deps.db, options.key, windowStart);
	const retryAfterMs = windowStart + windowMs - now;
	const what = options.what ?? `Too many requests: at most ${options.limit} a minute.`;
	throw relayError('RATE_LIMITED', `${what} Try again in ${Math.ceil(retryAfterMs / 1000)} s.`, { retryAfterMs });
}
