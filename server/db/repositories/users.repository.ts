/** Users and sessions in the database; maps rows to plain objects. No hashing or policy here. */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { sessions, syncState, users } from '../schema/index';
import { applyLedgerEntry } from './credits.repository';

export type UserRow = typeof users.$inferSelect;

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
	return db.query.users.findFirst({ where: eq(users.email, email) });
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
	return db.query.users.findFirst({ where: eq(users.id, id) });
}

/**
 * Creates a user with its sync counter and starting grant in one transaction. The first user
 * becomes admin; an advisory lock makes "first" exact under concurrent sign-ups.
 * Returns null when the email is taken.
 */
export async function createUser(
	db: Db,
	input: { id: string; email: string; displayName: string | null; passwordHash: string; startingCredits: number; now: number }
): Promise<UserRow | null> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(7700001)`);
		const existing = await tx.query.users.findFirst({ where: eq(users.email, input.email) });
		if (existing) return null;
		const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(users);
		const [user] = await tx
			.insert(users)
			.values({
				id: input.id,
				email: input.email,
				displayName: input.displayName,
				passwordHash: input.passwordHash,
				role: count === 0 ? 'admin' : 'user',
				credits: 0,
				createdAt: input.now,
				updatedAt: input.now
			})
			.returning();
		await tx.insert(syncState).values({ userId: user.id });
		if (input.startingCredits > 0) {
			await applyLedgerEntry(tx as unknown as Db, {
				userId: user.id,
				amount: input.startingCredits,
				kind: 'grant',
				reason: 'Starting credits',
				now: input.now
			});
		}
		return (await tx.query.users.findFirst({ where: eq(users.id, user.id) })) ?? null;
	});
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
	await db.insert(sessions).values(row);
}

/** The live session's user, or undefined when the token hash is unknown or expired. */
export async function findSessionUser(db: Db, tokenHash: string, now: number): Promise<UserRow | undefined> {
	const rows = await db
		.select({ user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
		.limit(1);
	return rows[0]?.user;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}
