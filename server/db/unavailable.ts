/**
 * "The database is not answering" as opposed to "the query was wrong": a refused or dropped
 * connection, or PostgreSQL shutting down or starting up (RELIABILITY §7.2 F10). Callers answer
 * these as retryable RELAY_UNAVAILABLE, and the generation runner waits them out before settling,
 * because it holds a provider result (or a refund) that must not be lost.
 */

/** Node socket errors and postgres.js connection codes. */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ENOTFOUND',
	'EAI_AGAIN',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT'
]);
/** SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;

/** True when an error (or any error in its `cause` chain) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
	for (let current = error, depth = 0; current && depth < 8; depth++) {
		if (typeof current !== 'object') return false;
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
			return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

/**
 * Runs `work`, and while it fails because the database is away, runs it again after a growing
 * pause (0.1 s doubling to 2 s) until `until` (epoch ms). Other errors, and the last unavailable
 * one after `until`, are thrown. `work` must be safe to repeat (a transaction that rolled back).
 */
export async function retryWhileUnavailable<T>(
	work: () => Promise<T>,
	options: { until: number; now?: () => number }
): Promise<T> {
	const now = options.now ?? Date.now;
	for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
		try {
			return await work();
		} catch (error) {
			if (!isDatabaseUnavailable(error) || now() + pause > options.until) throw error;
			await new Promise((resolve) => setTimeout(resolve, pause));
		}
	}
}
