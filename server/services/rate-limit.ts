/**
 * Per-user request limits in fixed one-minute windows, counted in the database so that several
 * relay processes share them. A refused hit is taken back: refusals consume nothing.
 */
import type { Db } from '../db/client';
import { countHit, uncountHit } from '../db/repositories/limits.repository';
import { appError } from './app-error';

export const RATE_WINDOW_MS = 60_000;

/** The quota behind a 429, sent as the IETF draft's RateLimit-Limit / -Remaining / -Reset fields. */
export interface RateLimitInfo {
	limit: number;
	remaining: number;
	/** Time until the quota resets. */
	resetMs: number;
}

const infoByError = new WeakMap<object, RateLimitInfo>();

/** Tags a refusal with its quota so the HTTP layer can send the RateLimit fields. */
export function withRateLimitInfo<E extends Error>(error: E, info: RateLimitInfo): E {
	infoByError.set(error, info);
	if (error.cause && typeof error.cause === 'object') infoByError.set(error.cause, info);
	return error;
}

/** The quota a refusal was tagged with, if any (looks at the error and its cause). */
export function rateLimitInfoOf(error: unknown): RateLimitInfo | undefined {
	if (!error || typeof error !== 'object') return undefined;
	return infoByError.get(error) ?? rateLimitInfoOf((error as { cause?: unknown }).cause);
}

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
	throw withRateLimitInfo(
		appError('RATE_LIMITED', `${what} Try again in ${Math.ceil(retryAfterMs / 1000)} s.`, {
			retryAfterMs
		}),
		{
			limit: options.limit,
			remaining: 0,
			resetMs: retryAfterMs
		}
	);
}
