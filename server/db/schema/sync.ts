/**
 * Per-user sync order (SYNC §4.2): `seq` is bumped by a trigger on every synced table while the
 * user's sync_state row is locked until commit, so a pull by seq never skips a row.
 */
import { bigint, pgTable, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const syncState = pgTable('sync_state', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	seq: bigint('seq', { mode: 'number' }).notNull().default(0),
	minCursor: bigint('min_cursor', { mode: 'number' }).notNull().default(0)
});
