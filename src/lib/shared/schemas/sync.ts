/**
 * Wire shapes of sync (SYNC §4.4–§4.6): push of named mutations, pull of changed rows by the
 * server's per-user `seq`, and the poke. Shared by the relay (input/output validation) and the
 * client worker (what it stores). Must not import anything of the relay or of Dexie.
 */
import { z } from 'zod';
import { UuidSchema } from '../ids';

/**
 * The client's schema version, sent with every push and pull. The relay accepts a window
 * [SYNC_SCHEMA_MIN, SYNC_SCHEMA_MAX]; outside it answers CLIENT_TOO_OLD (HTTP 426) and the client
 * keeps its outbox and asks the person to reload (SYNC §4.13).
 */
export const SYNC_SCHEMA_VERSION = 1;
export const SYNC_SCHEMA_MIN = 1;
export const SYNC_SCHEMA_MAX = 1;

/** Push limits (SYNC §4.4): at most this many mutations per request. */
export const MAX_PUSH_MUTATIONS = 200;
/** Pull page size bounds. */
export const MAX_PULL_LIMIT = 2000;
export const DEFAULT_PULL_LIMIT = 500;

/** Every mutation name the relay applies (the only write API of synced data). */
export const MUTATION_NAMES = [
	'prompt.create',
	'prompt.patch',
	'prompt.delete',
	'prompt.restore',
	'prompt.discard',
	'tag.add',
	'tag.remove',
	'prompt.bumpUsage',
	'image.patch',
	'image.delete',
	'image.restore',
	'image.discard',
	'image.import',
	'collection.create',
	'collection.patch',
	'collection.delete',
	'collection.restore',
	'collection.discard',
	'collection.add',
	'collection.remove',
	'job.create',
	'job.addItems',
	'job.patch',
	'job.cancel',
	'job.delete',
	'job.claim',
	'item.cancel',
	'item.retry'
] as const;

/** Synced entity types as they appear in a pull. Keys: `id`, or `collectionId:imageId` for members. */
export const ENTITIES = [
	'prompt',
	'image',
	'job',
	'jobItem',
	'collection',
	'collectionImage'
] as const;
export type Entity = (typeof ENTITIES)[number];

export const PushMutationSchema = z
	.object({
		mid: z.number().int().positive(),
		name: z.string().min(1).max(64),
		args: z.unknown()
	})
	.strict();
export type PushMutation = z.infer<typeof PushMutationSchema>;

export const PushInputSchema = z
	.object({
		clientId: UuidSchema,
		schemaVersion: z.number().int(),
		mutations: z.array(PushMutationSchema).min(1).max(MAX_PUSH_MUTATIONS)
	})
	.strict();
export type PushInput = z.infer<typeof PushInputSchema>;

/** Why the relay refused one mutation for good (it is recorded, `lastMid` moves past it). */
export const RejectedMutationSchema = z.object({
	mid: z.number().int(),
	name: z.string(),
	/** INVALID (arguments), NOT_FOUND (unknown or foreign id), DELETED (in the trash), CONFLICT (e.g. claim lost), UNKNOWN_MUTATION. */
	code: z.string(),
	message: z.string()
});
export type RejectedMutation = z.infer<typeof RejectedMutationSchema>;

export const PushResultSchema = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('ok'),
		/** Highest mid applied or rejected for this client. */
		lastMid: z.number().int().nonnegative(),
		/** The user's seq after the commit. */
		seq: z.number().int().nonnegative(),
		rejected: z.array(RejectedMutationSchema)
	}),
	/** The first mutation sent is beyond lastMid + 1: resend from lastMid + 1 (client state was lost). */
	z.object({ status: z.literal('gap'), lastMid: z.number().int().nonnegative() })
]);
export type PushResult = z.infer<typeof PushResultSchema>;

export const PullInputSchema = z
	.object({
		clientId: UuidSchema,
		schemaVersion: z.number().int(),
		cursor: z.number().int().nonnegative(),
		limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
		/** Ask for `remaining` (rows after the cursor), for "1,200 of 10,000" on a first sync. */
		withTotal: z.boolean().default(false),
		/**
		 * This client is paging from 0 after a reset (its synced tables were cleared): answer pages
		 * even below `min_cursor`, since the purged tombstones are of rows it no longer holds.
		 * (A cursor of 0 never needs a reset either.)
		 */
		resetting: z.boolean().default(false)
	})
	.strict();
export type PullInput = z.input<typeof PullInputSchema>;

/**
 * One changed row. `row` is the entity's row schema (rows.ts) as JSON; a client that does not know
 * the entity keeps it raw (never drops it). `deleted` = a tombstone: the row is gone (discarded).
 */
export const ChangeSchema = z.union([
	z
		.object({
			entity: z.string(),
			id: z.string(),
			seq: z.number().int(),
			row: z.record(z.string(), z.unknown())
		})
		.strict(),
	z
		.object({ entity: z.string(), id: z.string(), seq: z.number().int(), deleted: z.literal(true) })
		.strict()
]);
export type Change = z.infer<typeof ChangeSchema>;

export const PullResultSchema = z.discriminatedUnion('reset', [
	/** The cursor is older than purged tombstones: clear synced tables, keep the outbox, pull from 0. */
	z.object({ reset: z.literal(true), serverTime: z.number() }),
	z.object({
		reset: z.literal(false),
		changes: z.array(ChangeSchema),
		/** Store with the rows, in the same transaction. */
		nextCursor: z.number().int().nonnegative(),
		hasMore: z.boolean(),
		/** This client's highest applied mid: outbox entries up to it are done. */
		lastMid: z.number().int().nonnegative(),
		/** Rows (and tombstones) after the request's cursor; only when asked (`withTotal`). */
		remaining: z.number().int().nonnegative().nullable(),
		/** The user's credit balance, read in the same snapshot (the header follows the ledger). */
		credits: z.number().int(),
		serverTime: z.number(),
		schemaWindow: z.object({ min: z.number().int(), max: z.number().int() })
	})
]);
export type PullResult = z.infer<typeof PullResultSchema>;

/** The poke's payload: the user's seq moved (a hint only; SYNC §4.6). */
export const PokeSchema = z.object({ seq: z.number().int().nonnegative() });
export type Poke = z.infer<typeof PokeSchema>;

/** Most rows one `sync.rows` call asks for. */
export const MAX_ROWS_REFS = 200;

/**
 * `sync.rows` (query): the current state of named rows, used to repair rows a rejected mutation
 * changed optimistically. A row that does not exist (or is not the user's) comes back as a tombstone.
 */
export const RowsInputSchema = z
	.object({
		clientId: UuidSchema,
		schemaVersion: z.number().int(),
		refs: z
			.array(z.object({ entity: z.string(), id: z.string() }).strict())
			.min(1)
			.max(MAX_ROWS_REFS)
	})
	.strict();
export type RowsInput = z.infer<typeof RowsInputSchema>;

export const RowsResultSchema = z.object({ changes: z.array(ChangeSchema) });
export type RowsResult = z.infer<typeof RowsResultSchema>;
