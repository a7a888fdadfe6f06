/**
 * What every library file format shares: the draft a row becomes, the rows skipped and why, the
 * error for a file that cannot be trusted at all, and the checks every draft passes. No parsing
 * of any one format here.
 */
import type { PromptRow } from '../../shared/schemas/rows';
import { MAX_TAGS, normalizeTag, PromptFieldsSchema } from '../../shared/mutations/prompt.args';

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

/**
 * Why a row was left out (DUPLICATE_OF_PRESET: an admin's pack import). MALFORMED: the line could not be read (`detail` says how: a quote
 * never closed, text after a quote, too many fields); INVALID: a field breaks a limit (`detail`).
 */
export type SkipReason =
	| 'EMPTY'
	| 'DUPLICATE_IN_LIBRARY'
	| 'DUPLICATE_IN_FILE'
	| 'DUPLICATE_OF_PRESET'
	| 'MALFORMED'
	| 'INVALID';
export interface SkippedRow {
	line: number;
	title: string;
	reason: SkipReason;
	detail?: string;
}

export interface ParsedImport {
	drafts: PromptDraft[];
	skipped: SkippedRow[];
}

export type ImportErrorCode =
	| 'TOO_LARGE'
	| 'EMPTY_FILE'
	| 'NOT_JSON'
	| 'NOT_OUR_FORMAT'
	| 'NOT_STYLE_LIST'
	| 'NEWER_VERSION'
	| 'BAD_CSV'
	| 'MISSING_COLUMNS'
	| 'INVALID_ROW';

/** A file that cannot be imported; nothing was imported. `line`/`detail` help the person fix it. */
export class ImportFormatError extends Error {
	constructor(
		readonly code: ImportErrorCode,
		readonly detail: { line?: number; columns?: string; message?: string } = {}
	) {
		super(
			`${code}${detail.line ? ` (line ${detail.line})` : ''}${detail.columns ? `: ${detail.columns}` : ''}${detail.message ? `: ${detail.message}` : ''}`
		);
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

export function blankDraft(line: number): PromptDraft {
	return {
		line,
		title: '',
		text: '',
		negativePrompt: '',
		category: '',
		tags: [],
		favourite: false,
		usageCount: 0,
		model: null,
		params: null,
		lastUsedAt: null
	};
}

const DraftCheck = PromptFieldsSchema.pick({
	title: true,
	text: true,
	negativePrompt: true,
	category: true
});

/**
 * Drops empty rows and rows that break a limit (both reported, the rest kept), fills missing
 * titles and adds the rows the reader already skipped.
 */
export function collect(drafts: PromptDraft[], alreadySkipped: SkippedRow[] = []): ParsedImport {
	const kept: PromptDraft[] = [];
	const skipped: SkippedRow[] = [...alreadySkipped];
	for (const draft of drafts) {
		const text = draft.text.trim();
		if (!text) {
			skipped.push({ line: draft.line, title: draft.title.trim(), reason: 'EMPTY' });
			continue;
		}
		const title = draft.title.trim() || titleFromText(text);
		const checked = DraftCheck.safeParse({
			title,
			text,
			negativePrompt: draft.negativePrompt,
			category: draft.category
		});
		const tags = [...new Set(draft.tags.map(normalizeTag).filter(Boolean))];
		if (!checked.success) {
			const issue = checked.error.issues[0];
			skipped.push({
				line: draft.line,
				title,
				reason: 'INVALID',
				detail: `${issue.path.join('.')}: ${issue.message}`
			});
		} else if (tags.length > MAX_TAGS) {
			skipped.push({
				line: draft.line,
				title,
				reason: 'INVALID',
				detail: `more than ${MAX_TAGS} tags`
			});
		} else kept.push({ ...draft, title, text, category: checked.data.category, tags });
	}
	skipped.sort((a, b) => a.line - b.line);
	return { drafts: kept, skipped };
}
