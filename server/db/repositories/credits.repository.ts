/**
 * Balance changes: one conditional UPDATE of the balance plus one ledger row, always together
 * (call inside a transaction). The condition keeps `credits >= 0` without waiting on a lock.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { uuidv7 } from '#shared/ids';
import type { Db } from '../client';
import { creditLedger, users } from '../schema/index';

export type LedgerKind = (typeof creditLedger.$inferInsert)['kind'];

export interface LedgerEntryInput {
	userId: string;
	/** Signed change of the balance. */
	amount: number;
	kind: LedgerKind;
	generationId?: string | null;
	reason?: string | null;
	actorId?: string | null;
	now: number;
}

/**
 * Moves the balance by `amount` and records it; returns the new balance, or null (and changes
 * nothing) when the balance would go below zero.
 */
export async function applyLedgerEntry(db: Db, entry: LedgerEntryInput): Promise<number | null> {
	const updated = await db
		.update(users)
		.set({ credits: sql`${users.credits} + ${entry.amount}`, updatedAt: entry.now })
		.where(and(eq(users.id, entry.userId), sql`${users.credits} + ${entry.amount} >= 0`))
		.returning({ credits: users.credits });
	if (updated.length === 0) return null;
	await db.insert(creditLedger).values({
		id: uuidv7(entry.now),
		userId: entry.userId,
		amount: entry.amount,
		kind: entry.kind,
		generationId: entry.generationId ?? null,
		reason: entry.reason ?? null,
		actorId: entry.actorId ?? null,
		createdAt: entry.now
	});
	return updated[0].credits;
}

/** True when a ledger row of this kind exists for the generation (refunds happen once). */
export async function hasLedgerEntry(db: Db, userId: string, generationId: string, kind: LedgerKind): Promise<boolean> {
	const rows = await db
		.select({ id: creditLedger.id })
		.from(creditLedger)
		.where(and(eq(creditLedger.userId, userId), eq(creditLedger.generationId, generationId), eq(creditLedger.kind, kind)))
		.limit(1);
	return rows.length > 0;
}

/** A user's ledger, newest first; `beforeCreatedAt` pages back in time. */
export function listLedger(db: Db, userId: string, limit = 100, beforeCreatedAt?: number) {
	const conditions = [eq(creditLedger.userId, userId)];
	if (beforeCreatedAt !== undefined) conditions.push(lt(creditLedger.createdAt, beforeCreatedAt));
	return db
		.select()
		.from(creditLedger)
		.where(and(...conditions))
		.orderBy(desc(creditLedger.createdAt), desc(creditLedger.id))
		.limit(limit);
}

/** Sum of a user's ledger — equals the balance (invariant I2). */
export async function ledgerSum(db: Db, userId: string): Promise<number> {
	const [row] = await db
		.select({ sum: sql<number>`coalesce(sum(${creditLedger.amount}), 0)::int` })
		.from(creditLedger)
		.where(eq(creditLedger.userId, userId));
	return row.sum;
}
