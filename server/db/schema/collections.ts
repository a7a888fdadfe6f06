/** Collections of images and their membership rows (a set, like tags); stamped by the sync trigger. */
import { bigint, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const collections = pgTable(
	'collections',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		id: text('id').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull().default(0),
		name: text('name').notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
		deletedAt: bigint('deleted_at', { mode: 'number' }),
		discardedAt: bigint('discarded_at', { mode: 'number' })
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.id] }),
		index('collections_user_seq_idx').on(t.userId, t.seq)
	]
);

/** add = upsert with deleted_at null; remove = deleted_at set (pulled as a tombstone). */
export const collectionImages = pgTable(
	'collection_images',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		collectionId: text('collection_id').notNull(),
		imageId: text('image_id').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull().default(0),
		addedAt: bigint('added_at', { mode: 'number' }).notNull(),
		deletedAt: bigint('deleted_at', { mode: 'number' })
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.collectionId, t.imageId] }),
		index('collection_images_user_seq_idx').on(t.userId, t.seq)
	]
);
