/**
 * One row per generation request, keyed by (user_id, id): the client's idempotency key, scoped to
 * the user. `request_hash` detects the same id reused for a different request.
 */
import { sql } from 'drizzle-orm';
import {
	bigint,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './users';

export const generations = pgTable(
	'generations',
	{
		id: uuid('id').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		requestHash: text('request_hash').notNull(),
		model: text('model').notNull(),
		provider: text('provider').notNull(),
		prompt: text('prompt').notNull(),
		params: jsonb('params').notNull(),
		sourceHashes: jsonb('source_hashes').$type<string[]>().notNull(),
		/** queued: credits reserved, waiting for a global provider slot; running: at the provider. */
		status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
		/** The relay process that owns the work (it holds the request in memory and runs it). */
		ownerRelay: text('owner_relay'),
		startedAt: bigint('started_at', { mode: 'number' }),
		/** Credits reserved (and, once done, charged). */
		price: integer('price').notNull(),
		errorCode: text('error_code'),
		errorMessage: text('error_message'),
		retryAfterMs: integer('retry_after_ms'),
		providerRequestId: text('provider_request_id'),
		/** Past this time a `running` row belongs to a relay that died: the reaper refunds it. */
		leaseUntil: bigint('lease_until', { mode: 'number' }).notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		finishedAt: bigint('finished_at', { mode: 'number' }),
		/** The personal API key that asked for it (issue 13); null for the app. */
		apiKeyId: uuid('api_key_id')
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.id] }),
		index('generations_status_lease_idx').on(t.status, t.leaseUntil),
		index('generations_status_created_idx').on(t.status, t.createdAt),
		// The per-user in-flight count runs on every submit while the user's row is locked: without
		// this it scans all of a heavy user's past generations (bench:credits: ~3× fewer debits/s).
		index('generations_in_flight_idx')
			.on(t.userId)
			.where(sql`${t.status} in ('queued', 'running')`)
	]
);
