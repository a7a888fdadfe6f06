/**
 * Personal API keys for the OpenAI-compatible /v1 API (issue 13). The secret is shown once and
 * never stored: `hash` is its sha256. A plain (unsalted, fast) hash is enough here because the
 * secret is 32 random bytes — nobody can guess it, so there is no dictionary to slow down, and
 * a fast hash lets every /v1 request look its key up by index (the session tokens do the same).
 */
import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	index,
	integer,
	pgTable,
	text,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './users';

export const apiKeys = pgTable(
	'api_keys',
	{
		id: uuid('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		/** The first characters of the key (`nbs_` + 8), to tell keys apart in the list. */
		prefix: text('prefix').notNull(),
		/** sha256 (hex) of the whole key. */
		hash: text('hash').notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		lastUsedAt: bigint('last_used_at', { mode: 'number' }),
		revokedAt: bigint('revoked_at', { mode: 'number' }),
		expiresAt: bigint('expires_at', { mode: 'number' }),
		/** Most credits the key may spend (charged and not refunded); null = no cap. */
		creditCap: integer('credit_cap'),
		/**
		 * Credits its generations hold: raised with the charge, lowered with the refund, in those same
		 * transactions. A counter rather than a sum over generations, which the cleanup deletes.
		 */
		creditsUsed: integer('credits_used').notNull().default(0)
	},
	(t) => [
		uniqueIndex('api_keys_hash_uq').on(t.hash),
		index('api_keys_user_idx').on(t.userId, t.createdAt),
		check('api_keys_credits_used_nonnegative', sql`${t.creditsUsed} >= 0`)
	]
);
