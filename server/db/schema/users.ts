/** Accounts and sessions. Credits live on the user row, guarded by CHECK (credits >= 0). */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey(),
		email: text('email').notNull().unique(),
		displayName: text('display_name'),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: ['user', 'admin'] })
			.notNull()
			.default('user'),
		/** Balance; always equals the sum of this user's credit_ledger rows. */
		credits: integer('credits').notNull().default(0),
		disabled: boolean('disabled').notNull().default(false),
		/** Per-user overrides of the global limits; null = the system setting. */
		ratePerMinute: integer('rate_per_minute'),
		maxInFlight: integer('max_in_flight'),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull()
	},
	(t) => [check('users_credits_nonnegative', sql`${t.credits} >= 0`)]
);

export const sessions = pgTable(
	'sessions',
	{
		/** sha256 of the random token; the token itself is only ever in the cookie. */
		tokenHash: text('token_hash').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		expiresAt: bigint('expires_at', { mode: 'number' }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);
