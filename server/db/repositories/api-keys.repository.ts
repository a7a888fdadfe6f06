/** Personal API keys (issue 13): rows by user, lookup by the key's hash, and what a key has spent. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { apiKeys, generations } from '../schema/index';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<void> {
	await db.insert(apiKeys).values(row);
}

export function findApiKeyByHash(db: Db, hash: string): Promise<ApiKeyRow | undefined> {
	return db.query.apiKeys.findFirst({ where: eq(apiKeys.hash, hash) });
}

export function listApiKeys(db: Db, userId: string): Promise<ApiKeyRow[]> {
	return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

/** Revokes one of the user's keys; false when it is not theirs or was revoked already. */
export async function revokeApiKey(db: Db, userId: string, id: string, now: number): Promise<boolean> {
	const rows = await db
		.update(apiKeys)
		.set({ revokedAt: now })
		.where(and(eq(apiKeys.userId, userId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
		.returning({ id: apiKeys.id });
	return rows.length === 1;
}

/**
 * Stamps last use, at most once a minute per key (a busy script must not turn every request into
 * a write on the same row).
 */
export async function touchApiKey(db: Db, id: string, now: number): Promise<void> {
	await db
		.update(apiKeys)
		.set({ lastUsedAt: now })
		.where(and(eq(apiKeys.id, id), sql`coalesce(${apiKeys.lastUsedAt}, 0) < ${now - 60_000}`));
}

/** Credits held by a key's generations: charged (queued, running or done) and not refunded. */
export async function creditsUsedByKey(db: Db, apiKeyId: string): Promise<number> {
	const [row] = await db
		.select({ used: sql<number>`coalesce(sum(${generations.price}), 0)::int` })
		.from(generations)
		.where(and(eq(generations.apiKeyId, apiKeyId), sql`${generations.status} <> 'failed'`));
	return row.used;
}

/** Credits used by each of these keys, for the list. */
export async function creditsUsedByKeys(db: Db, userId: string): Promise<Map<string, number>> {
	const rows = await db
		.select({ id: generations.apiKeyId, used: sql<number>`coalesce(sum(${generations.price}), 0)::int` })
		.from(generations)
		.where(and(eq(generations.userId, userId), sql`${generations.apiKeyId} is not null`, sql`${generations.status} <> 'failed'`))
		.groupBy(generations.apiKeyId);
	return new Map(rows.map((r) => [r.id!, r.used]));
}
