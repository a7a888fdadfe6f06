/**
 * Our own CSV (every field, one column each). A row whose field cannot be read (a bad date,
 * count or parameters) is skipped and reported; the rest imports.
 */
import { writeCsv } from '../../utils/csv';
import { GenerationParamsSchema } from '../../shared/schemas/generate';
import type { PromptRow } from '../../shared/schemas/rows';
import { cell, columns, readTable } from './table';
import { collect, splitTags, type ParsedImport, type PromptDraft, type SkippedRow } from './types';

const OWN_CSV_COLUMNS = [
	'title',
	'text',
	'negative_prompt',
	'category',
	'tags',
	'favourite',
	'usage_count',
	'model',
	'params',
	'created_at',
	'updated_at',
	'last_used_at'
] as const;
type Column = (typeof OWN_CSV_COLUMNS)[number];

class BadField extends Error {}

function parseTime(value: string): number | undefined {
	if (!value.trim()) return undefined;
	const ms = /^\d+$/.test(value.trim()) ? Number(value) : Date.parse(value);
	if (!Number.isFinite(ms)) throw new BadField(`not a date: ${value}`);
	return ms;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined; // reported by the schema check as invalid parameters
	}
}

export function parseOwnCsv(content: string): ParsedImport {
	const { header, rows, malformed } = readTable(content);
	const col = columns(header, ['title', 'text'], OWN_CSV_COLUMNS);
	const drafts: PromptDraft[] = [];
	const skipped: SkippedRow[] = [...malformed];
	for (const record of rows) {
		const get = (name: Column) => cell(record, col[name]);
		try {
			let params: PromptRow['params'] = null;
			if (get('params').trim()) {
				const parsed = GenerationParamsSchema.partial().safeParse(safeJson(get('params')));
				if (!parsed.success) throw new BadField('params is not valid JSON parameters');
				params = parsed.data;
			}
			const usage = get('usage_count').trim();
			if (usage && !/^\d+$/.test(usage)) throw new BadField(`usage_count: ${usage}`);
			drafts.push({
				line: record.line,
				title: get('title'),
				text: get('text'),
				negativePrompt: get('negative_prompt'),
				category: get('category'),
				tags: splitTags(get('tags')),
				favourite: /^(true|yes|1|y|x|★)$/i.test(get('favourite').trim()),
				usageCount: usage ? Number(usage) : 0,
				model: get('model').trim() || null,
				params,
				createdAt: parseTime(get('created_at')),
				updatedAt: parseTime(get('updated_at')),
				lastUsedAt: parseTime(get('last_used_at')) ?? null
			});
		} catch (error) {
			if (!(error instanceof BadField)) throw error;
			skipped.push({
				line: record.line,
				title: get('title').trim(),
				reason: 'INVALID',
				detail: error.message
			});
		}
	}
	return collect(drafts, skipped);
}

export function exportOwnCsv(rows: readonly PromptRow[]): string {
	const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
	return (
		'\uFEFF' + // lets spreadsheet apps open UTF-8 (Chinese) text correctly
		writeCsv([
			[...OWN_CSV_COLUMNS],
			...rows.map((row) => [
				row.title,
				row.text,
				row.negativePrompt,
				row.category,
				row.tags.join(', '),
				String(row.favourite),
				String(row.usageCount),
				row.model ?? '',
				row.params ? JSON.stringify(row.params) : '',
				iso(row.createdAt),
				iso(row.updatedAt),
				iso(row.lastUsedAt ?? null)
			])
		])
	);
}
