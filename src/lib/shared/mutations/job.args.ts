/**
 * Argument schemas of the job and item mutations (SYNC §4.4, §4.10). Clients create jobs and steer
 * them; only the relay moves an item to submitted, done or failed (it runs the generation).
 */
import { z } from 'zod';
import { Uuidv7Schema } from '../ids';
import { Sha256Schema } from '../hash';
import { GenerationParamsSchema, MAX_PROMPT_LENGTH } from '../schemas/generate';

/** Most items one `job.create` or `job.addItems` carries; bigger batches send several. */
export const MAX_ITEMS_PER_MUTATION = 200;

export const JOB_KINDS = ['single', 'prompts', 'template', 'images'] as const;

export const NewItemSchema = z
	.object({
		/** Also the first try's generation id (idempotency key). */
		id: Uuidv7Schema,
		index: z.number().int().nonnegative(),
		prompt: z.string().max(MAX_PROMPT_LENGTH),
		sourceHashes: z.array(Sha256Schema).max(16).default([]),
		label: z.string().max(300).nullable().default(null),
		/** The item's own parameters when they differ from the job's (a batch's style variants); absent = the job's. */
		params: GenerationParamsSchema.optional()
	})
	.strict();
export type NewItemArgs = z.input<typeof NewItemSchema>;

export const JobCreateArgsSchema = z
	.object({
		id: Uuidv7Schema,
		name: z.string().max(200),
		model: z.string().min(1).max(200),
		params: GenerationParamsSchema,
		concurrency: z.number().int().min(1).max(10),
		kind: z.enum(JOB_KINDS),
		order: z.number(),
		createdAt: z.number().int().nonnegative(),
		items: z.array(NewItemSchema).max(MAX_ITEMS_PER_MUTATION)
	})
	.strict();

/** More items for a job created earlier (batches bigger than one mutation). */
export const JobAddItemsArgsSchema = z
	.object({ id: Uuidv7Schema, items: z.array(NewItemSchema).min(1).max(MAX_ITEMS_PER_MUTATION) })
	.strict();

/** Pause / resume (state) and queue order. `done` and `cancelled` are reached other ways. */
export const JobPatchArgsSchema = z
	.object({
		id: Uuidv7Schema,
		fields: z
			.object({ state: z.enum(['active', 'paused']), order: z.number(), name: z.string().max(200) })
			.strict()
			.partial()
			.refine((fields) => Object.keys(fields).length > 0, 'Nothing to change')
	})
	.strict();

/** job.cancel (queued items become cancelled), job.delete (leaves the queue view). */
export const JobIdArgsSchema = z.object({ id: Uuidv7Schema }).strict();

/**
 * "Take over this batch" (SYNC §4.10): the pushing client becomes the owner if `epoch` is still the
 * job's claim epoch and the owner is gone; the epoch then goes up by one and fences the old owner.
 */
export const JobClaimArgsSchema = z
	.object({ id: Uuidv7Schema, epoch: z.number().int().nonnegative() })
	.strict();

export const ItemIdArgsSchema = z.object({ id: Uuidv7Schema }).strict();

/** "Retry failed": a failed item is queued again under a fresh generation id, one round later. */
export const ItemRetryArgsSchema = z.object({ id: Uuidv7Schema, requestId: Uuidv7Schema }).strict();
