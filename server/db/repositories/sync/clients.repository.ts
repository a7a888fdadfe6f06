/**
 * Sync clients (the exactly-once high-water mark `last_mid`) and the mutation log. `lockClient`
 * takes the client's row lock, so two pushes from one client run one after the other.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../client';
import { mutationLog, syncClients, syncState } from '../../schema/index';

export type LogEntry = typeof mutationLog.$inferInsert;

/** Registers the client for `userId` if new, then locks its row; returns its owner and last_mid. */
export async function lockClient(
	db: Db,
	input: { clientId: string; userId: string; schemaVersion: number; now: number }
): Promise<{ userId: string; lastMid: number }> {
	await db
		.insert(syncClients)
		.values({
			clientId: input.clientId,
			userId: input.userId,
			lastMid: 0,
			schemaVersion: input.schemaVersion,
			createdAt: input.now,
			lastSeenAt: input.now
		})
		.onConflictDoNothing();
	const [row] = await db
		.select({ userId: syncClients.userId, lastMid: syncClients.lastMid })
		.from(syncClients)
		.where(eq(syncClients.clientId, input.clientId))
		.for('update');
	return row;
}

/**
 * Takes the user's seq lock up front (the trigger would take it at the first write anyway): every
 * push then locks client → seq → rows, in that order, and an upsert that locks a row first cannot
 * deadlock with another device's push.
 */
export async function lockUserSeq(db: Db, userId: string): Promise<void> {
	await db.insert(syncState).values({ userId, seq: 0, minCursor: 0 }).onConflictDoNothing();
	await db
		.select({ seq: syncState.seq })
		.from(syncState)
		.where(eq(syncState.userId, userId))
		.for('update');
}

/** Records how far the client got and appends its log entries; returns the user's seq now. */
export async function finishPush(
	db: Db,
	input: {
		clientId: string;
		userId: string;
		lastMid: number;
		schemaVersion: number;
		now: number;
		log: Omit<LogEntry, 'seq'>[];
	}
): Promise<number> {
	await db
		.update(syncClients)
		.set({ lastMid: input.lastMid, schemaVersion: input.schemaVersion, lastSeenAt: input.now })
		.where(eq(syncClients.clientId, input.clientId));
	const seq = await userSeq(db, input.userId);
	if (input.log.length)
		await db.insert(mutationLog).values(input.log.map((entry) => ({ ...entry, seq })));
	return seq;
}

/** The user's current seq (0 before their first synced write). */
export async function userSeq(db: Db, userId: string): Promise<number> {
	const [row] = await db
		.select({ seq: syncState.seq })
		.from(syncState)
		.where(eq(syncState.userId, userId));
	return row?.seq ?? 0;
}

/** Log entries of some client (tests and support). */
export function logOf(db: Db, clientId: string, mids?: number[]) {
	const where = mids
		? and(eq(mutationLog.clientId, clientId), inArray(mutationLog.mid, mids))
		: eq(mutationLog.clientId, clientId);
	return db
		.select()
		.from(mutationLog)
		.where(where)
		.orderBy(sql`${mutationLog.mid}`);
}
