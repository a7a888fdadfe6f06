/**
 * Wire shapes of image generation (DESIGN §4): the submit input keyed by a client-made UUIDv7,
 * and the status the client polls. One submit = one output image.
 */
import { z } from 'zod';
import { Uuidv7Schema } from '../ids';
import { Sha256Schema } from '../hash';
import { AspectRatioSchema } from './catalogue';
import { ERROR_CODES } from '../protocol';

/** Hard upper bound on prompt length; models may set a lower one. */
export const MAX_PROMPT_LENGTH = 32000;

/** Most styles one generation may stack. */
export const MAX_STYLES = 8;

/**
 * A style that wrapped the prompt (src/lib/styles): its name as shown, and the library prompt or
 * preset it came from (absent when it no longer exists or came from a file).
 */
export const AppliedStyleSchema = z
	.object({
		name: z.string().max(200),
		promptId: z.string().max(64).optional(),
		presetId: z.string().max(64).optional()
	})
	.strict();
export type AppliedStyle = z.infer<typeof AppliedStyleSchema>;

export const GenerationParamsSchema = z
	.object({
		aspectRatio: AspectRatioSchema.default('1:1'),
		size: z.string().max(32).optional(),
		quality: z.string().max(32).optional(),
		seed: z
			.number()
			.int()
			.min(0)
			.max(2 ** 32 - 1)
			.optional(),
		negativePrompt: z.string().max(4000).optional(),
		strength: z.number().min(0).max(1).optional(),
		/**
		 * Provenance only (the relay never sends these on): the styles applied, in order, and the
		 * prompt as typed before they wrapped it. The submitted prompt is the final one.
		 */
		styles: z.array(AppliedStyleSchema).max(MAX_STYLES).optional(),
		typedPrompt: z.string().max(MAX_PROMPT_LENGTH).optional()
	})
	.strict();
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;

export const SubmitGenerationInputSchema = z
	.object({
		id: Uuidv7Schema,
		model: z.string().min(1).max(200),
		prompt: z.string().max(MAX_PROMPT_LENGTH),
		params: GenerationParamsSchema.default({ aspectRatio: '1:1' }),
		sourceHashes: z.array(Sha256Schema).max(16).default([]),
		/**
		 * The synced job item this try is for: the relay moves that item's state as the generation
		 * goes (SYNC §4.10). Absent for calls that are not from a synced queue.
		 */
		itemId: Uuidv7Schema.optional(),
		/** The job's claim epoch the client saw: a stale one is refused (JOB_CLAIMED_ELSEWHERE). */
		claimEpoch: z.number().int().nonnegative().optional()
	})
	.strict();
export type SubmitGenerationInput = z.infer<typeof SubmitGenerationInputSchema>;

/** queued: reserved, waiting for a provider slot; running: at the provider; done/failed: final. */
export const GENERATION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type GenerationStatusName = (typeof GENERATION_STATUSES)[number];

/** Whether a generation has its outcome (done or failed) and will not change again. */
export const isSettled = (status: GenerationStatusName): boolean =>
	status === 'done' || status === 'failed';

/** One stored output of a generation: content addresses of the original and its thumbnail. */
export const GeneratedImageSchema = z.object({
	id: z.string(),
	sha256: Sha256Schema,
	thumbSha256: Sha256Schema,
	width: z.number().int(),
	height: z.number().int(),
	mime: z.string(),
	bytes: z.number().int(),
	/** The provider's id for the request, when it gave one (shown on the image's receipt). */
	providerRequestId: z.string().nullable().optional()
});

export const GenerationStatusSchema = z.object({
	id: z.string(),
	status: z.enum(GENERATION_STATUSES),
	model: z.string(),
	prompt: z.string(),
	params: GenerationParamsSchema,
	sourceHashes: z.array(Sha256Schema),
	price: z.number().int(),
	createdAt: z.number(),
	finishedAt: z.number().nullable(),
	images: z.array(GeneratedImageSchema),
	error: z
		.object({
			code: z.enum(
				Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]
			),
			retryable: z.boolean(),
			message: z.string(),
			retryAfterMs: z.number().nullable()
		})
		.nullable(),
	/** Credits left after this call's reservation (only on submit). */
	balance: z.number().int().optional()
});
export type GenerationStatus = z.infer<typeof GenerationStatusSchema>;

export const GenerationIdInputSchema = z.object({ id: Uuidv7Schema }).strict();
