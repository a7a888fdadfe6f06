/** The credits ledger: every change of a balance is a row; (generation_id, kind) is unique. */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const LEDGER_KINDS = ['grant', 'charge', 'refund', 'redeem', 'adjust'] as const;

export const creditLedger = pgTable(
	'credit_ledger',
	{
		id: uuid('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Signed: negative for charges. */
		amount: integer('amount').notNull(),
		kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
		generationId: uuid('generation_id'),
		reason: text('reason'),
		/** Who caused it (an admin for grants and adjustments; null for the system). */
		actorId: uuid('actor_id'),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		/** Stamped by the sync trigger so a grant or charge moves the user's seq (and pokes devices). */
		seq: bigint('seq', { mode: 'number' }).notNull().default(0)
	},
	(t) => [
		index('credit_ledger_user_idx').on(t.userId, t.createdAt),
		uniqueIndex('credit_ledger_generation_kind_uq')
			.on(t.userId, t.generationId, t.kind)
			.where(sql`${t.generationId} is not null`)
	]
);
