/** Shared counters for rate limits and in-flight caps (work across relay processes). */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateLimitWindows } from '../schema/index';

/** Counts one hit in the window and returns the window's count including it. */
export async function countHit(db: Db, key: string, windowStart: number): Promise<number> {
	const [row] = await db
		.insert(rateLimitWindows)
		.values({ key, windowStart, count: 1 })
		.onConflictDoUpdate({
			target: [rateLimitWindows.key, rateLimitWindows.windowStart],
			set: { count: sql`${rateLimitWindows.count} + 1` }
		})
		.returning({ count: rateLimitWindows.count });
	return row.count;
}

/** Takes back a hit that was refused, so a refused request consumes nothing. */
export async function uncountHit(db: Db, key: string, windowStart: number): Promise<void> {
	await db
		.update(rateLimitWindows)
		.set({ count: sql`${rateLimitWindows.count} - 1` })
		.where(and(eq(rateLimitWindows.key, key), eq(rateLimitWindows.windowStart, windowStart)));
}

export async function deleteWindowsBefore(db: Db, before: number): Promise<void> {
	await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, before));
}
