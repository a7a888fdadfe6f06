/**
 * Our own JSON (`nano-banana-studio/prompts`, versioned): round-trips every field. Machine-written,
 * so an entry that does not match the schema means a damaged file: it is refused whole.
 */
import { z } from 'zod';
import { GenerationParamsSchema } from '../../shared/schemas/generate';
import type { PromptRow } from '../../shared/schemas/rows';
import { collect, ImportFormatError, type ParsedImport } from './types';

export const JSON_FORMAT_ID = 'nano-banana-studio/prompts';
export const JSON_FORMAT_VERSION = 1;

const JsonPromptSchema = z
	.object({
		title: z.string(),
		text: z.string(),
		negativePrompt: z.string().default(''),
		category: z.string().default(''),
		tags: z.array(z.string()).default([]),
		favourite: z.boolean().default(false),
		usageCount: z.number().int().nonnegative().default(0),
		model: z.string().nullable().default(null),
		params: GenerationParamsSchema.partial().nullable().default(null),
		createdAt: z.number().int().nonnegative().optional(),
		updatedAt: z.number().int().nonnegative().optional(),
		lastUsedAt: z.number().int().nonnegative().nullable().default(null)
	})
	.strip();

const JsonFileSchema = z.object({
	format: z.literal(JSON_FORMAT_ID),
	version: z.number().int(),
	prompts: z.array(z.unknown())
});

export function parseJson(content: string): ParsedImport {
	let data: unknown;
	try {
		data = JSON.parse(content.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw new ImportFormatError('NOT_JSON', { message: (error as Error).message });
	}
	const file = JsonFileSchema.safeParse(data);
	if (!file.success) throw new ImportFormatError('NOT_OUR_FORMAT');
	if (file.data.version > JSON_FORMAT_VERSION)
		throw new ImportFormatError('NEWER_VERSION', { message: String(file.data.version) });
	return collect(
		file.data.prompts.map((raw, index) => {
			const prompt = JsonPromptSchema.safeParse(raw);
			// Entries count from 1, like lines, so the person can find the bad one.
			if (!prompt.success)
				throw new ImportFormatError('INVALID_ROW', {
					line: index + 1,
					message: prompt.error.issues[0]?.message
				});
			return { line: index + 1, ...prompt.data };
		})
	);
}

export function exportJson(rows: readonly PromptRow[], now: number): string {
	const prompts = rows.map((row) => ({
		title: row.title,
		text: row.text,
		negativePrompt: row.negativePrompt,
		category: row.category,
		tags: row.tags,
		favourite: row.favourite,
		usageCount: row.usageCount,
		model: row.model,
		params: row.params,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		lastUsedAt: row.lastUsedAt ?? null
	}));
	return (
		JSON.stringify(
			{
				format: JSON_FORMAT_ID,
				version: JSON_FORMAT_VERSION,
				exportedAt: new Date(now).toISOString(),
				prompts
			},
			null,
			'\t'
		) + '\n'
	);
}
