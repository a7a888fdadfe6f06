/** Content-addressed blobs (global) and which users may read each hash. */
import { bigint, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const blobs = pgTable('blobs', {
	sha256: text('sha256').primaryKey(),
	bytesLen: integer('bytes_len').notNull(),
	mime: text('mime').notNull(),
	width: integer('width'),
	height: integer('height'),
	createdAt: bigint('created_at', { mode: 'number' }).notNull()
});

export const blobRefs = pgTable(
	'blob_refs',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		sha256: text('sha256').notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.sha256] })]
);
