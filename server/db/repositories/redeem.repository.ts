/**
 * Redeem codes and redemptions. `redeemOnce` is the concurrency-safe core: the redemptions primary
 * key stops a user redeeming twice, and a conditional UPDATE (`uses < max_uses`) stops over-use;
 * call it inside the same transaction as the ledger entry.
 */
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { redeemCodes, redemptions } from '../schema/index';

export type RedeemCodeRow = typeof redeemCodes.$inferSelect;

/** Inserts codes; returns false (and inserts nothing) when one of them already exists. */
export async function insertCodes(
	db: Db,
	rows: (typeof redeemCodes.$inferInsert)[]
): Promise<boolean> {
	const taken = new Error('code taken');
	return db
		.transaction(async (tx) => {
			const inserted = await tx
				.insert(redeemCodes)
				.values(rows)
				.onConflictDoNothing({ target: redeemCodes.code })
				.returning({ id: redeemCodes.id });
			// Throwing rolls back the codes that did go in.
			if (inserted.length !== rows.length) throw taken;
			return true;
		})
		.catch((error: unknown) => {
			if (error === taken) return false;
			throw error;
		});
}

export function findCodeByCode(db: Db, code: string): Promise<RedeemCodeRow | undefined> {
	return db.query.redeemCodes.findFirst({ where: eq(redeemCodes.code, code) });
}

export function listCodes(
	db: Db,
	options: { limit: number; offset: number }
): Promise<RedeemCodeRow[]> {
	return db
		.select()
		.from(redeemCodes)
		.orderBy(desc(redeemCodes.createdAt), desc(redeemCodes.id))
		.limit(options.limit)
		.offset(options.offset);
}

export async function countCodes(db: Db): Promise<number> {
	const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(redeemCodes);
	return row.count;
}

/** Marks a code disabled (once); returns false for an unknown id. */
export async function disableCode(db: Db, id: string, now: number): Promise<boolean> {
	const rows = await db
		.update(redeemCodes)
		.set({ disabledAt: sql`coalesce(${redeemCodes.disabledAt}, ${now})` })
		.where(eq(redeemCodes.id, id))
		.returning({ id: redeemCodes.id });
	return rows.length === 1;
}

/**
 * Records that `userId` redeemed the code and counts one use, or says why not. Must run in a
 * transaction: on 'used-up' the caller throws so the redemption row rolls back.
 * Lock order is always redemption row, then code row, so concurrent redeems cannot deadlock.
 */
export async function redeemOnce(
	db: Db,
	input: { code: RedeemCodeRow; userId: string; now: number }
): Promise<'ok' | 'already' | 'used-up'> {
	const mine = await db
		.insert(redemptions)
		.values({
			codeId: input.code.id,
			userId: input.userId,
			credits: input.code.credits,
			createdAt: input.now
		})
		.onConflictDoNothing()
		.returning({ codeId: redemptions.codeId });
	if (mine.length === 0) return 'already';
	const counted = await db
		.update(redeemCodes)
		.set({ uses: sql`${redeemCodes.uses} + 1` })
		.where(
			and(
				eq(redeemCodes.id, input.code.id),
				lt(redeemCodes.uses, redeemCodes.maxUses),
				isNull(redeemCodes.disabledAt),
				or(isNull(redeemCodes.expiresAt), gt(redeemCodes.expiresAt, input.now))
			)
		)
		.returning({ uses: redeemCodes.uses });
	return counted.length === 1 ? 'ok' : 'used-up';
}
