/**
 * Argument schemas of the prompt and tag mutations (SYNC §4.4). They are the wire format the
 * sync push will send, so their meaning never changes: add `prompt.patch2` instead (SYNC §4.13).
 */
import { z } from 'zod';
import { GenerationParamsSchema } from '../schemas/generate';

export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 60;

/**
 * A tag as stored: trimmed, inner whitespace collapsed, leading `#` dropped, lower case
 * (case-insensitive set semantics), no commas (they separate tags in CSV and the editor).
 * Returns '' for nothing usable.
 */
export function normalizeTag(raw: string): string {
	return raw
		.normalize('NFC')
		.replace(/[,，]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^#+/, '')
		.trim()
		.toLowerCase()
		.slice(0, MAX_TAG_LENGTH)
		.trim();
}

const TagSchema = z.string().transform(normalizeTag).pipe(z.string().min(1, 'Tag is empty'));

const IdSchema = z.string().min(1).max(64);

/** The editable fields of a prompt (everything but tags, counters and times). */
export const PromptFieldsSchema = z
	.object({
		title: z.string().trim().min(1, 'Title is empty').max(200),
		text: z.string().trim().min(1, 'Prompt text is empty').max(32000),
		negativePrompt: z.string().max(4000),
		category: z.string().trim().max(100),
		favourite: z.boolean(),
		model: z.string().max(200).nullable(),
		params: GenerationParamsSchema.partial().nullable()
	})
	.strict();
export type PromptFields = z.infer<typeof PromptFieldsSchema>;

export const PromptCreateArgsSchema = z
	.object({
		id: IdSchema,
		title: PromptFieldsSchema.shape.title,
		text: PromptFieldsSchema.shape.text,
		negativePrompt: PromptFieldsSchema.shape.negativePrompt.default(''),
		category: PromptFieldsSchema.shape.category.default(''),
		favourite: z.boolean().default(false),
		model: PromptFieldsSchema.shape.model.default(null),
		params: PromptFieldsSchema.shape.params.default(null),
		tags: z
			.array(TagSchema)
			.max(MAX_TAGS)
			.default([])
			.transform((tags) => [...new Set(tags)]),
		/** Seeds the usage counter of a new prompt (imports); ignored when the id exists. */
		usageCount: z.number().int().nonnegative().default(0),
		createdAt: z.number().int().nonnegative().optional(),
		updatedAt: z.number().int().nonnegative().optional(),
		lastUsedAt: z.number().int().nonnegative().nullable().default(null)
	})
	.strict();
export type PromptCreateArgs = z.input<typeof PromptCreateArgsSchema>;

export const PromptPatchArgsSchema = z
	.object({
		id: IdSchema,
		fields: PromptFieldsSchema.partial().refine(
			(fields) => Object.keys(fields).length > 0,
			'Nothing to change'
		)
	})
	.strict();

export const PromptIdArgsSchema = z.object({ id: IdSchema }).strict();

export const TagArgsSchema = z.object({ promptId: IdSchema, tag: TagSchema }).strict();

export const BumpUsageArgsSchema = z
	.object({ id: IdSchema, by: z.number().int().min(1).max(1000) })
	.strict();
