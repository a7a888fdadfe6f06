/**
 * The prompt library on the relay (SYNC §4.2, §4.7): prompts keyed by (user_id, id) with
 * per-field LWW, tags as set rows, usage as an increment-only counter, and server-only body
 * revisions. Every table carries `seq`, stamped by the sync trigger; code never writes it.
 */
import {
	bigint,
	boolean,
	index,
	jsonb,
	pgTable,
	primaryKey,
	text,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './users';

const owner = () =>
	uuid('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' });
const seq = () => bigint('seq', { mode: 'number' }).notNull().default(0);

export const prompts = pgTable(
	'prompts',
	{
		userId: owner(),
		/** Client-born; may be a non-UUID id from an import. */
		id: text('id').notNull(),
		seq: seq(),
		title: text('title').notNull(),
		text: text('text').notNull(),
		negativePrompt: text('negative_prompt').notNull().default(''),
		category: text('category').notNull().default(''),
		favourite: boolean('favourite').notNull().default(false),
		model: text('model'),
		params: jsonb('params'),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
		/** In the Trash (still synced as a row). */
		deletedAt: bigint('deleted_at', { mode: 'number' }),
		/** Discarded: pulled as a tombstone, hard-deleted by the purge later. */
		discardedAt: bigint('discarded_at', { mode: 'number' })
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.id] }),
		index('prompts_user_seq_idx').on(t.userId, t.seq)
	]
);

/** Set semantics: add = upsert with deleted_at null, remove = deleted_at set. */
export const promptTags = pgTable(
	'prompt_tags',
	{
		userId: owner(),
		promptId: text('prompt_id').notNull(),
		tag: text('tag').notNull(),
		seq: seq(),
		deletedAt: bigint('deleted_at', { mode: 'number' })
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.promptId, t.tag] }),
		index('prompt_tags_user_seq_idx').on(t.userId, t.seq)
	]
);

/** Usage is incremented (increments commute), never last-writer-wins. */
export const promptCounters = pgTable(
	'prompt_counters',
	{
		userId: owner(),
		promptId: text('prompt_id').notNull(),
		usageCount: bigint('usage_count', { mode: 'number' }).notNull().default(0),
		lastUsedAt: bigint('last_used_at', { mode: 'number' }),
		seq: seq()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.promptId] }),
		index('prompt_counters_user_seq_idx').on(t.userId, t.seq)
	]
);

/** Append-only body history (server-only): the last few bodies of each prompt, in seq order. */
export const promptRevisions = pgTable(
	'prompt_revisions',
	{
		userId: owner(),
		id: text('id').notNull(),
		promptId: text('prompt_id').notNull(),
		seq: seq(),
		text: text('text').notNull(),
		/** The client and mutation that wrote this body. */
		clientId: uuid('client_id'),
		mid: bigint('mid', { mode: 'number' }),
		createdAt: bigint('created_at', { mode: 'number' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.id] }),
		index('prompt_revisions_user_seq_idx').on(t.userId, t.seq),
		index('prompt_revisions_prompt_idx').on(t.userId, t.promptId, t.seq)
	]
);
