/** Generated (and later imported) images: a synced row per output, pointing at blobs by sha256. */
import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './users';

export const images = pgTable(
	'images',
	{
		id: uuid('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Stamped by the sync trigger from sync_state; never written by code. */
		seq: bigint('seq', { mode: 'number' }).notNull().default(0),
		generationId: uuid('generation_id'),
		outputIndex: integer('output_index').notNull().default(0),
		sha256: text('sha256').notNull(),
		thumbSha256: text('thumb_sha256').notNull(),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		mime: text('mime').notNull(),
		bytes: integer('bytes').notNull(),
		model: text('model').notNull(),
		prompt: text('prompt').notNull(),
		params: jsonb('params').notNull(),
		sourceHashes: jsonb('source_hashes').$type<string[]>().notNull(),
		price: integer('price').notNull().default(0),
		providerRequestId: text('provider_request_id'),
		/** The personal API key that made it (shown on the receipt); null for the app and imports. */
		apiKeyId: uuid('api_key_id'),
		favourite: boolean('favourite').notNull().default(false),
		/** 0 = unrated, 1–5 stars. */
		rating: integer('rating').notNull().default(0),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
		deletedAt: bigint('deleted_at', { mode: 'number' }),
		/** Discarded: pulled as a tombstone, hard-deleted by the purge later. */
		discardedAt: bigint('discarded_at', { mode: 'number' })
	},
	(t) => [
		index('images_user_seq_idx').on(t.userId, t.seq),
		uniqueIndex('images_generation_output_uq')
			.on(t.userId, t.generationId, t.outputIndex)
			.where(sql`${t.generationId} is not null`)
	]
);
