/**
 * Per-user sync order (SYNC §4.2): `seq` is bumped by a trigger on every synced table while the
 * user's sync_state row is locked until commit, so a pull by seq never skips a row. Also the
 * registered clients (exactly-once high-water mark) and the mutation log (audit + test oracle).
 */
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

export const syncState = pgTable('sync_state', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	seq: bigint('seq', { mode: 'number' }).notNull().default(0),
	/** A cursor below this missed purged tombstones: its pull answers `reset`. */
	minCursor: bigint('min_cursor', { mode: 'number' }).notNull().default(0)
});

/** A client (device + browser profile) is bound to the first user that pushes from it. */
export const syncClients = pgTable(
	'sync_clients',
	{
		clientId: uuid('client_id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		lastMid: bigint('last_mid', { mode: 'number' }).notNull().default(0),
		schemaVersion: integer('schema_version').notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull()
	},
	(t) => [index('sync_clients_user_idx').on(t.userId)]
);

export const mutationLog = pgTable(
	'mutation_log',
	{
		clientId: uuid('client_id').notNull(),
		mid: bigint('mid', { mode: 'number' }).notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		args: jsonb('args'),
		/** The user's seq when the push that carried it committed; within one push, mid gives the order. */
		seq: bigint('seq', { mode: 'number' }),
		status: text('status', { enum: ['ok', 'rejected'] }).notNull(),
		error: jsonb('error').$type<{ code: string; message: string } | null>(),
		at: bigint('at', { mode: 'number' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.clientId, t.mid] }),
		index('mutation_log_user_seq_idx').on(t.userId, t.seq)
	]
);
