/**
 * Rows of the synced tables as stored on the device (Dexie) and sent over sync: ids are UUIDv7,
 * times are ms since epoch, deletion is a `deletedAt` tombstone (DESIGN §3).
 */
import { z } from 'zod';
import { Sha256Schema } from '../hash';
import { GenerationParamsSchema } from './generate';
import { ERROR_CODES } from '../protocol';

const times = {
	createdAt: z.number(),
	updatedAt: z.number(),
	deletedAt: z.number().nullable()
};

export const PromptRowSchema = z.object({
	id: z.string(),
	title: z.string().max(200),
	text: z.string().max(32000),
	negativePrompt: z.string().max(4000).default(''),
	category: z.string().max(100).default(''),
	tags: z.array(z.string().max(60)).max(50).default([]),
	favourite: z.boolean().default(false),
	usageCount: z.number().int().nonnegative().default(0),
	model: z.string().nullable().default(null),
	params: GenerationParamsSchema.partial().nullable().default(null),
	/** Last time it was used to generate (ms); absent or null if never. "Recent" sorts by this or updatedAt. */
	lastUsedAt: z.number().nullish(),
	/** Set when the trash was emptied: the tombstone stays (SYNC §4.8) but the trash hides it. Absent or null otherwise. */
	discardedAt: z.number().nullish(),
	...times
});
export type PromptRow = z.infer<typeof PromptRowSchema>;

export const ImageRowSchema = z.object({
	id: z.string(),
	/** The generation (job item) that made it; null for imported images. */
	generationId: z.string().nullable(),
	outputIndex: z.number().int().default(0),
	sha256: Sha256Schema,
	thumbSha256: Sha256Schema,
	width: z.number().int(),
	height: z.number().int(),
	mime: z.string(),
	bytes: z.number().int(),
	model: z.string(),
	prompt: z.string(),
	params: GenerationParamsSchema,
	sourceHashes: z.array(Sha256Schema).default([]),
	price: z.number().int().default(0),
	/** The provider's id for the request (for the receipt and support questions); absent on older rows. */
	providerRequestId: z.string().nullable().optional(),
	/** The personal API key that made it (apiKeys.list names it); absent or null for the app and imports. */
	apiKeyId: z.string().nullable().optional(),
	favourite: z.boolean().default(false),
	/** 0 = unrated, 1–5 stars. */
	rating: z.number().int().min(0).max(5).default(0),
	/** Local only: set by image.discard until the relay's tombstone drops the row (like prompts). */
	discardedAt: z.number().nullish(),
	...times
});
export type ImageRow = z.infer<typeof ImageRowSchema>;

export const JOB_STATES = ['active', 'paused', 'done', 'cancelled'] as const;
export const JobRowSchema = z.object({
	id: z.string(),
	name: z.string().max(200),
	model: z.string(),
	params: GenerationParamsSchema,
	concurrency: z.number().int().min(1).max(10),
	state: z.enum(JOB_STATES),
	/** Queue order among jobs; smaller runs first. */
	order: z.number(),
	kind: z.enum(['single', 'prompts', 'template', 'images']).default('single'),
	/** The device (sync clientId) whose worker submits the items; null on rows made before sync. */
	ownerClientId: z.string().nullable().default(null),
	/** Bumped by every `job.claim`; a submit carries it as a fencing token (SYNC §4.10). */
	claimEpoch: z.number().int().nonnegative().default(0),
	...times
});
export type JobRow = z.infer<typeof JobRowSchema>;

export const ITEM_STATES = ['queued', 'submitted', 'done', 'failed', 'cancelled'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const JobItemRowSchema = z.object({
	/** Also the generation's idempotency key on the relay. */
	id: z.string(),
	jobId: z.string(),
	index: z.number().int(),
	prompt: z.string(),
	params: GenerationParamsSchema,
	model: z.string(),
	sourceHashes: z.array(Sha256Schema).default([]),
	/** Name for the output (e.g. the input file's name in folder batches). */
	label: z.string().nullable().default(null),
	state: z.enum(ITEM_STATES),
	attempts: z.number().int().default(0),
	nextAttemptAt: z.number().default(0),
	error: z
		.object({
			code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]),
			message: z.string()
		})
		.nullable()
		.default(null),
	imageIds: z.array(z.string()).default([]),
	/**
	 * The generation id of the current try: null means the item id. A try the relay recorded as
	 * failed cannot be asked again under the same id, so a retry gets a fresh one.
	 */
	requestId: z.string().nullable().default(null),
	submittedAt: z.number().nullable().default(null),
	finishedAt: z.number().nullable().default(null),
	/**
	 * Bumped by "Retry failed" (`item.retry`). States move forward within a round; a later round
	 * wins over any state of an earlier one (the pull merge compares (round, state rank)).
	 */
	round: z.number().int().nonnegative().default(0),
	...times
});
export type JobItemRow = z.infer<typeof JobItemRowSchema>;

export const CollectionRowSchema = z.object({
	id: z.string(),
	name: z.string().max(120),
	/** Local only: set by collection.discard until the relay's tombstone drops the row. */
	discardedAt: z.number().nullish(),
	...times
});
export type CollectionRow = z.infer<typeof CollectionRowSchema>;

/** Membership of an image in a collection (a set: removal is a tombstone, like tags). */
export const CollectionImageRowSchema = z.object({
	collectionId: z.string(),
	imageId: z.string(),
	addedAt: z.number()
});
export type CollectionImageRow = z.infer<typeof CollectionImageRowSchema>;
