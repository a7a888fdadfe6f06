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
	return db
		.select()
		.from(apiKeys)
		.where(eq(apiKeys.userId, userId))
		.orderBy(desc(apiKeys.createdAt));
}

/** Revokes one of the user's keys; false when it is not theirs or was revoked already. */
export async function revokeApiKey(
	db: Db,
	userId: string,
	id: string,
	now: number
): Promise<boolean> {
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

/**
 * Adds a charge to the key's spend unless that passes its cap; false = over the cap (nothing
 * changed). Runs in the submit transaction.
 */
export async function reserveKeyCredits(db: Db, keyId: string, price: number): Promise<boolean> {
	const rows = await db
		.update(apiKeys)
		.set({ creditsUsed: sql`${apiKeys.creditsUsed} + ${price}` })
		.where(
			and(
				eq(apiKeys.id, keyId),
				sql`(${apiKeys.creditCap} is null or ${apiKeys.creditsUsed} + ${price} <= ${apiKeys.creditCap})`
			)
		)
		.returning({ id: apiKeys.id });
	return rows.length === 1;
}

/** Gives a refunded generation's price back to the key that asked for it (none: no-op). Runs in the refund transaction. */
export async function releaseKeyCredits(
	db: Db,
	userId: string,
	generationId: string
): Promise<void> {
	await db
		.update(apiKeys)
		.set({ creditsUsed: sql`${apiKeys.creditsUsed} - ${generations.price}` })
		.from(generations)
		.where(
			and(
				eq(generations.userId, userId),
				eq(generations.id, generationId),
				eq(generations.apiKeyId, apiKeys.id)
			)
		);
}
