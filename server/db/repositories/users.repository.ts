/** Users and sessions in the database; maps rows to plain objects. No hashing or policy here. */
import { and, desc, eq, gt, sql } from 'drizzle-orm';
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
	input: {
		id: string;
		email: string;
		displayName: string | null;
		passwordHash: string;
		startingCredits: number;
		makeAdmin: boolean;
		now: number;
	}
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
				role: count === 0 || input.makeAdmin ? 'admin' : 'user',
				credits: 0,
				createdAt: input.now,
				updatedAt: input.now
			})
			.returning();
		await tx.insert(syncState).values({ userId: user.id });
		if (input.startingCredits > 0) {
			await applyLedgerEntry(tx, {
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
export async function findSessionUser(
	db: Db,
	tokenHash: string,
	now: number
): Promise<UserRow | undefined> {
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

/** One page of users for the admin panel, newest first, with usage figures. `search` matches email or name. */
export async function listUsersWithUsage(
	db: Db,
	options: { search: string; limit: number; offset: number }
) {
	const where = options.search
		? sql`(${users.email} ilike ${'%' + escapeLike(options.search) + '%'} or ${users.displayName} ilike ${'%' + escapeLike(options.search) + '%'})`
		: sql`true`;
	const rows = await db
		.select({
			user: users,
			images: sql<number>`(select count(*)::int from images i where i.user_id = "users"."id" and i.deleted_at is null)`,
			creditsSpent: sql<number>`(select coalesce(-sum(l.amount), 0)::int from credit_ledger l where l.user_id = "users"."id" and l.kind in ('charge', 'refund'))`,
			lastActiveAt: sql<
				number | null
			>`greatest((select max(g.created_at) from generations g where g.user_id = "users"."id"), (select max(s.created_at) from sessions s where s.user_id = "users"."id"))`
		})
		.from(users)
		.where(where)
		.orderBy(desc(users.createdAt), desc(users.id))
		.limit(options.limit)
		.offset(options.offset);
	const [{ total }] = await db
		.select({ total: sql<number>`count(*)::int` })
		.from(users)
		.where(where);
	return {
		total,
		rows: rows.map((r) => ({
			...r,
			lastActiveAt: r.lastActiveAt === null ? null : Number(r.lastActiveAt)
		}))
	};
}

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Disables (and signs out everywhere) or enables a user; returns false for an unknown id. */
export async function setUserDisabled(
	db: Db,
	input: { userId: string; disabled: boolean; now: number }
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.update(users)
			.set({ disabled: input.disabled, updatedAt: input.now })
			.where(eq(users.id, input.userId))
			.returning({ id: users.id });
		if (rows.length === 0) return false;
		if (input.disabled) await tx.delete(sessions).where(eq(sessions.userId, input.userId));
		return true;
	});
}

/** Sets a user's own limits (null = the system setting); returns false for an unknown id. */
export async function setUserLimits(
	db: Db,
	input: { userId: string; ratePerMinute: number | null; maxInFlight: number | null; now: number }
): Promise<boolean> {
	const rows = await db
		.update(users)
		.set({
			ratePerMinute: input.ratePerMinute,
			maxInFlight: input.maxInFlight,
			updatedAt: input.now
		})
		.where(eq(users.id, input.userId))
		.returning({ id: users.id });
	return rows.length === 1;
}
