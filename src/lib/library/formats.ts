/**
 * Library files in and out: our own JSON (versioned, round-trips every field), our own CSV,
 * AUTOMATIC1111 `styles.csv`, InvokeAI style-preset CSV and plain text (one prompt per line).
 * Parsing never writes: it returns drafts plus the rows it skipped, or throws an
 * {@link ImportFormatError} for a file it cannot trust (then nothing is imported).
 */
import { z } from 'zod';
import { GenerationParamsSchema } from '../shared/schemas/generate';
import type { PromptRow } from '../shared/schemas/rows';
import { MAX_TAGS, normalizeTag, PromptFieldsSchema } from '../shared/mutations/prompt.args';
import { CsvError, parseCsv, writeCsv, type CsvRecord } from './csv';

export const FORMATS = ['json', 'csv', 'a1111', 'invokeai', 'text'] as const;
export type LibraryFormat = (typeof FORMATS)[number];

export const JSON_FORMAT_ID = 'nano-banana-studio/prompts';
export const JSON_FORMAT_VERSION = 1;
/** Larger files are refused before parsing. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const TITLE_LENGTH = 60;

/** A prompt read from a file, not yet in the library. `line` points into the file (1-based). */
export interface PromptDraft {
	line: number;
	title: string;
	text: string;
	negativePrompt: string;
	category: string;
	tags: string[];
	favourite: boolean;
	usageCount: number;
	model: string | null;
	params: PromptRow['params'];
	createdAt?: number;
	updatedAt?: number;
	lastUsedAt: number | null;
}

export type SkipReason = 'EMPTY' | 'DUPLICATE_IN_LIBRARY' | 'DUPLICATE_IN_FILE';
export interface SkippedRow {
	line: number;
	title: string;
	reason: SkipReason;
}

export interface ParsedImport {
	drafts: PromptDraft[];
	skipped: SkippedRow[];
}

export type ImportErrorCode = 'TOO_LARGE' | 'EMPTY_FILE' | 'NOT_JSON' | 'NOT_OUR_FORMAT' | 'NEWER_VERSION' | 'BAD_CSV' | 'MISSING_COLUMNS' | 'INVALID_ROW';

/** A file that cannot be imported; nothing was imported. `line`/`detail` help the person fix it. */
export class ImportFormatError extends Error {
	constructor(
		readonly code: ImportErrorCode,
		readonly detail: { line?: number; columns?: string; message?: string } = {}
	) {
		super(`${code}${detail.line ? ` (line ${detail.line})` : ''}${detail.columns ? `: ${detail.columns}` : ''}${detail.message ? `: ${detail.message}` : ''}`);
		this.name = 'ImportFormatError';
	}
}

/** A short title from a prompt's text: its first line, at most 60 characters. */
export function titleFromText(text: string): string {
	const first = text.trim().split(/\r?\n/)[0].replace(/\s+/g, ' ').trim();
	return first.length > TITLE_LENGTH ? `${first.slice(0, TITLE_LENGTH - 1).trimEnd()}…` : first;
}

/** Tags from a comma-separated list (ASCII or full-width commas), normalised, without repeats. */
export function splitTags(list: string): string[] {
	return [...new Set(list.split(/[,，]/).map(normalizeTag).filter(Boolean))];
}

// ---------------------------------------------------------------- JSON (our format)

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

const JsonFileSchema = z.object({ format: z.literal(JSON_FORMAT_ID), version: z.number().int(), prompts: z.array(z.unknown()) });

function parseJson(content: string): ParsedImport {
	let data: unknown;
	try {
		data = JSON.parse(content);
	} catch (error) {
		throw new ImportFormatError('NOT_JSON', { message: (error as Error).message });
	}
	const file = JsonFileSchema.safeParse(data);
	if (!file.success) throw new ImportFormatError('NOT_OUR_FORMAT');
	if (file.data.version > JSON_FORMAT_VERSION) throw new ImportFormatError('NEWER_VERSION', { message: String(file.data.version) });
	return collect(
		file.data.prompts.map((raw, index) => {
			const prompt = JsonPromptSchema.safeParse(raw);
			// Entries count from 1, like lines, so the person can find the bad one.
			if (!prompt.success) throw new ImportFormatError('INVALID_ROW', { line: index + 1, message: prompt.error.issues[0]?.message });
			return { line: index + 1, ...prompt.data };
		})
	);
}

function exportJson(rows: readonly PromptRow[], now: number): string {
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
	return JSON.stringify({ format: JSON_FORMAT_ID, version: JSON_FORMAT_VERSION, exportedAt: new Date(now).toISOString(), prompts }, null, '\t') + '\n';
}

// ---------------------------------------------------------------- CSV formats

const OWN_CSV_COLUMNS = ['title', 'text', 'negative_prompt', 'category', 'tags', 'favourite', 'usage_count', 'model', 'params', 'created_at', 'updated_at', 'last_used_at'] as const;

function readTable(content: string): { header: string[]; rows: CsvRecord[] } {
	let records: CsvRecord[];
	try {
		records = parseCsv(content);
	} catch (error) {
		if (error instanceof CsvError) throw new ImportFormatError('BAD_CSV', { line: error.line, message: error.message });
		throw error;
	}
	if (records.length === 0) throw new ImportFormatError('EMPTY_FILE');
	const header = records[0].fields.map((name) => name.trim().toLowerCase());
	return { header, rows: records.slice(1) };
}

/** Column positions by name; throws MISSING_COLUMNS naming the ones absent. */
function columns<T extends string>(header: string[], required: readonly T[], optional: readonly T[] = []): Record<T, number> {
	const missing = required.filter((name) => !header.includes(name));
	if (missing.length > 0) throw new ImportFormatError('MISSING_COLUMNS', { columns: missing.join(', ') });
	return Object.fromEntries([...required, ...optional].map((name) => [name, header.indexOf(name)])) as Record<T, number>;
}

function cell(record: CsvRecord, index: number): string {
	return index >= 0 ? (record.fields[index] ?? '') : '';
}

function parseTime(value: string, line: number): number | undefined {
	if (!value.trim()) return undefined;
	const ms = /^\d+$/.test(value.trim()) ? Number(value) : Date.parse(value);
	if (!Number.isFinite(ms)) throw new ImportFormatError('INVALID_ROW', { line, message: `not a date: ${value}` });
	return ms;
}

function parseOwnCsv(content: string): ParsedImport {
	const { header, rows } = readTable(content);
	const col = columns(header, ['title', 'text'], OWN_CSV_COLUMNS);
	return collect(
		rows.map((record) => {
			const line = record.line;
			const get = (name: (typeof OWN_CSV_COLUMNS)[number]) => cell(record, col[name]);
			let params: PromptRow['params'] = null;
			if (get('params').trim()) {
				const parsed = GenerationParamsSchema.partial().safeParse(safeJson(get('params')));
				if (!parsed.success) throw new ImportFormatError('INVALID_ROW', { line, message: 'params is not valid JSON parameters' });
				params = parsed.data;
			}
			const usage = get('usage_count').trim();
			if (usage && !/^\d+$/.test(usage)) throw new ImportFormatError('INVALID_ROW', { line, message: `usage_count: ${usage}` });
			return {
				line,
				title: get('title'),
				text: get('text'),
				negativePrompt: get('negative_prompt'),
				category: get('category'),
				tags: splitTags(get('tags')),
				favourite: /^(true|yes|1|y|x|★)$/i.test(get('favourite').trim()),
				usageCount: usage ? Number(usage) : 0,
				model: get('model').trim() || null,
				params,
				createdAt: parseTime(get('created_at'), line),
				updatedAt: parseTime(get('updated_at'), line),
				lastUsedAt: parseTime(get('last_used_at'), line) ?? null
			};
		})
	);
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined; // reported by the schema check as invalid parameters
	}
}

function exportOwnCsv(rows: readonly PromptRow[]): string {
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

/** AUTOMATIC1111 `styles.csv`: name,prompt,negative_prompt; `{prompt}` placeholders are kept. */
function parseA1111(content: string): ParsedImport {
	const { header, rows } = readTable(content);
	const col = columns(header, ['name', 'prompt'], ['negative_prompt']);
	return collect(
		rows.map((record) => ({
			...blankDraft(record.line),
			title: cell(record, col.name),
			text: cell(record, col.prompt),
			negativePrompt: cell(record, col.negative_prompt)
		}))
	);
}

function exportA1111(rows: readonly PromptRow[]): string {
	return writeCsv([['name', 'prompt', 'negative_prompt'], ...rows.map((row) => [row.title, row.text, row.negativePrompt])]);
}

/**
 * InvokeAI style presets. Its importer reads `name`, `prompt` or `positive_prompt`, and
 * `negative_prompt` (invokeai/app/services/style_preset_records); some exports add `type`, which
 * becomes the category unless it is the plain "user".
 */
function parseInvoke(content: string): ParsedImport {
	const { header, rows } = readTable(content);
	const promptColumn = header.includes('positive_prompt') ? 'positive_prompt' : 'prompt';
	if (!header.includes(promptColumn)) throw new ImportFormatError('MISSING_COLUMNS', { columns: 'positive_prompt' });
	const col = columns(header, ['name'], ['negative_prompt', 'type', 'positive_prompt', 'prompt']);
	return collect(
		rows.map((record) => {
			const type = cell(record, col.type).trim();
			return {
				...blankDraft(record.line),
				title: cell(record, col.name),
				text: cell(record, col[promptColumn]),
				negativePrompt: cell(record, col.negative_prompt),
				category: type && type.toLowerCase() !== 'user' ? type : ''
			};
		})
	);
}

/** Written with InvokeAI's column names (no BOM: its importer reads plain UTF-8). */
function exportInvoke(rows: readonly PromptRow[]): string {
	return writeCsv([['name', 'positive_prompt', 'negative_prompt'], ...rows.map((row) => [row.title, row.text, row.negativePrompt])]);
}

// ---------------------------------------------------------------- plain text

function parseText(content: string): ParsedImport {
	const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
	const lines = text.split(/\r?\n/);
	return collect(lines.map((line, index) => ({ ...blankDraft(index + 1), text: line })).filter((draft) => draft.text.trim() !== ''));
}

/** One prompt per line; line breaks inside a prompt become spaces (the format has no escape). */
function exportText(rows: readonly PromptRow[]): string {
	return rows.map((row) => row.text.replace(/\s*\r?\n\s*/g, ' ').trim()).join('\n') + '\n';
}

// ---------------------------------------------------------------- shared

function blankDraft(line: number): PromptDraft {
	return { line, title: '', text: '', negativePrompt: '', category: '', tags: [], favourite: false, usageCount: 0, model: null, params: null, lastUsedAt: null };
}

const DraftCheck = PromptFieldsSchema.pick({ title: true, text: true, negativePrompt: true, category: true });

/** Drops empty rows (reported), fills missing titles and checks every field's limits. */
function collect(drafts: PromptDraft[]): ParsedImport {
	const kept: PromptDraft[] = [];
	const skipped: SkippedRow[] = [];
	for (const draft of drafts) {
		const text = draft.text.trim();
		if (!text) {
			skipped.push({ line: draft.line, title: draft.title.trim(), reason: 'EMPTY' });
			continue;
		}
		const title = draft.title.trim() || titleFromText(text);
		const checked = DraftCheck.safeParse({ title, text, negativePrompt: draft.negativePrompt, category: draft.category });
		if (!checked.success) throw new ImportFormatError('INVALID_ROW', { line: draft.line, message: `${checked.error.issues[0].path.join('.')}: ${checked.error.issues[0].message}` });
		const tags = [...new Set(draft.tags.map(normalizeTag).filter(Boolean))];
		if (tags.length > MAX_TAGS) throw new ImportFormatError('INVALID_ROW', { line: draft.line, message: `more than ${MAX_TAGS} tags` });
		kept.push({ ...draft, title, text, category: checked.data.category, tags });
	}
	return { drafts: kept, skipped };
}

/** Guesses the format from the file name and first line; the person can override it. */
export function detectFormat(fileName: string, content: string): LibraryFormat {
	const name = fileName.toLowerCase();
	if (name.endsWith('.json')) return 'json';
	if (name.endsWith('.txt')) return 'text';
	const firstLine = (content.charCodeAt(0) === 0xfeff ? content.slice(1) : content).split(/\r?\n/, 1)[0].toLowerCase().replace(/["\s]/g, '');
	if (firstLine.startsWith('{')) return 'json';
	const header = firstLine.split(',');
	if (header.includes('title') && header.includes('text')) return 'csv';
	if (header.includes('positive_prompt') || header.includes('type')) return 'invokeai';
	if (header.includes('name') && header.includes('prompt')) return 'a1111';
	return name.endsWith('.csv') ? 'csv' : 'text';
}

/**
 * Reads a file's text in the given format.
 * @throws {ImportFormatError} when the file is unusable; nothing should be imported then.
 */
export function parseImport(content: string, format: LibraryFormat): ParsedImport {
	if (content.length > MAX_IMPORT_BYTES) throw new ImportFormatError('TOO_LARGE');
	if (!content.replace(/^\uFEFF/, '').trim()) throw new ImportFormatError('EMPTY_FILE');
	switch (format) {
		case 'json':
			return parseJson(content);
		case 'csv':
			return parseOwnCsv(content);
		case 'a1111':
			return parseA1111(content);
		case 'invokeai':
			return parseInvoke(content);
		case 'text':
			return parseText(content);
	}
}

/** A file to download: its text, MIME type and a suggested name. */
export interface ExportFile {
	content: string;
	mime: string;
	fileName: string;
}

/** Writes prompts in a format (oldest first, so re-imports keep the order). */
export function exportPrompts(rows: readonly PromptRow[], format: LibraryFormat, now: number = Date.now()): ExportFile {
	const sorted = [...rows].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
	const stamp = new Date(now).toISOString().slice(0, 10);
	switch (format) {
		case 'json':
			return { content: exportJson(sorted, now), mime: 'application/json', fileName: `prompts-${stamp}.json` };
		case 'csv':
			return { content: exportOwnCsv(sorted), mime: 'text/csv', fileName: `prompts-${stamp}.csv` };
		case 'a1111':
			return { content: exportA1111(sorted), mime: 'text/csv', fileName: 'styles.csv' };
		case 'invokeai':
			return { content: exportInvoke(sorted), mime: 'text/csv', fileName: `invokeai-style-presets-${stamp}.csv` };
		case 'text':
			return { content: exportText(sorted), mime: 'text/plain', fileName: `prompts-${stamp}.txt` };
	}
}
