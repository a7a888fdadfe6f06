/**
 * Balance changes: one conditional UPDATE of the balance plus one ledger row, always together
 * (call inside a transaction). The condition keeps `credits >= 0` without waiting on a lock.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { uuidv7 } from '#shared/ids';
import type { Db } from '../client';
import { creditLedger } from '../schema/index';

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
 * nothing) when the balance would go below zero. One round trip: `nbs_apply_ledger` (drizzle/0010)
 * runs the conditional UPDATE and the ledger INSERT together.
 */
export async function applyLedgerEntry(db: Db, entry: LedgerEntryInput): Promise<number | null> {
	return callApplyLedger(db, entry, null);
}

/** The user has `cap` generations queued or running already (the charge was not made). */
export class InFlightCapReached extends Error {
	constructor(readonly cap: number) {
		super(`at most ${cap} generations in flight`);
		this.name = 'InFlightCapReached';
	}
}

/**
 * A generation's charge: {@link applyLedgerEntry} that also counts the user's queued and running
 * generations under the balance row's lock (so concurrent submits cannot both pass the cap) and
 * throws {@link InFlightCapReached} at `inFlightCap`. Call inside the transaction that inserts the
 * generation: the lock is held until it commits. Returns the new balance, or null when too poor.
 */
export async function reserveCharge(
	db: Db,
	entry: Omit<LedgerEntryInput, 'kind'>,
	inFlightCap: number
): Promise<number | null> {
	try {
		return await callApplyLedger(db, { ...entry, kind: 'charge' }, inFlightCap);
	} catch (error) {
		if (sqlStateOf(error) === IN_FLIGHT_CAP_STATE) throw new InFlightCapReached(inFlightCap);
		throw error;
	}
}

/** The SQLSTATE nbs_apply_ledger raises at the in-flight cap. */
const IN_FLIGHT_CAP_STATE = 'NB429';

function sqlStateOf(error: unknown): string | undefined {
	for (
		let e = error as { code?: unknown; cause?: unknown } | undefined;
		e;
		e = e.cause as typeof e
	) {
		if (typeof e.code === 'string') return e.code;
	}
	return undefined;
}

async function callApplyLedger(
	db: Db,
	entry: LedgerEntryInput,
	inFlightCap: number | null
): Promise<number | null> {
	const result = await db.execute(
		sql`select nbs_apply_ledger(${entry.userId}::uuid, ${entry.amount}::int, ${entry.kind}::text, ${uuidv7(entry.now)}::uuid,
			${entry.generationId ?? null}::uuid, ${entry.reason ?? null}::text, ${entry.actorId ?? null}::uuid, ${entry.now}::bigint,
			${inFlightCap}::int) as balance`
	);
	const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
		balance: number | string | null;
	}[];
	const balance = rows[0]?.balance;
	return balance === null || balance === undefined ? null : Number(balance);
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
