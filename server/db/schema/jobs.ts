/**
 * Batches (jobs) and their items, synced (SYNC §4.10): clients create and steer them; only the
 * relay moves an item to submitted, done or failed. Stamped by the sync trigger.
 */
import {
	bigint,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './users';

export const jobs = pgTable(
	'jobs',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		id: text('id').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull().default(0),
		name: text('name').notNull(),
		model: text('model').notNull(),
		params: jsonb('params').notNull(),
		concurrency: integer('concurrency').notNull(),
		state: text('state', { enum: ['active', 'paused', 'done', 'cancelled'] }).notNull(),
		sortOrder: doublePrecision('sort_order').notNull(),
		kind: text('kind', { enum: ['single', 'prompts', 'template', 'images'] }).notNull(),
		/** The device whose worker submits the items; moved by job.claim. */
		ownerClientId: text('owner_client_id'),
		/** Fencing token: bumped by every successful job.claim, checked on submit. */
		claimEpoch: integer('claim_epoch').notNull().default(0),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
		deletedAt: bigint('deleted_at', { mode: 'number' })
	},
	(t) => [primaryKey({ columns: [t.userId, t.id] }), index('jobs_user_seq_idx').on(t.userId, t.seq)]
);

export const jobItems = pgTable(
	'job_items',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		id: text('id').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull().default(0),
		jobId: text('job_id').notNull(),
		itemIndex: integer('item_index').notNull(),
		prompt: text('prompt').notNull(),
		params: jsonb('params').notNull(),
		model: text('model').notNull(),
		sourceHashes: jsonb('source_hashes').$type<string[]>().notNull(),
		label: text('label'),
		state: text('state', {
			enum: ['queued', 'submitted', 'done', 'failed', 'cancelled']
		}).notNull(),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull().default(0),
		error: jsonb('error').$type<{ code: string; message: string } | null>(),
		imageIds: jsonb('image_ids').$type<string[]>().notNull(),
		/** The generation id of the current try (null = the item id). */
		requestId: text('request_id'),
		submittedAt: bigint('submitted_at', { mode: 'number' }),
		finishedAt: bigint('finished_at', { mode: 'number' }),
		/** Bumped by item.retry; states only move forward within a round. */
		round: integer('round').notNull().default(0),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
		deletedAt: bigint('deleted_at', { mode: 'number' })
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.id] }),
		index('job_items_user_seq_idx').on(t.userId, t.seq),
		index('job_items_job_idx').on(t.userId, t.jobId),
		// A generation finds its item by request id when it finishes.
		index('job_items_request_idx').on(t.userId, t.requestId)
	]
);
