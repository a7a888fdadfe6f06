/**
 * Library files in and out: our own JSON and CSV (every field), AUTOMATIC1111 `styles.csv`,
 * InvokeAI style presets, Fooocus style JSON and plain text. Parsing never writes: it returns
 * drafts plus the rows it skipped (malformed lines included, with their line numbers), or throws
 * an {@link ImportFormatError} for a file it cannot use at all (then nothing is imported).
 */
import type { PromptRow } from '../../shared/schemas/rows';
import { exportStyleCsv, parseStyleCsv } from './a1111';
import { exportFooocus, parseFooocus } from './fooocus';
import { exportJson, parseJson } from './json';
import { exportOwnCsv, parseOwnCsv } from './own-csv';
import { exportText, parseText } from './text';
import { ImportFormatError, MAX_IMPORT_BYTES, type ParsedImport } from './types';

export * from './types';

export const FORMATS = ['json', 'csv', 'a1111', 'invokeai', 'fooocus', 'text'] as const;
export type LibraryFormat = (typeof FORMATS)[number];
/** The formats that hold styles (`{prompt}` templates): what the admin imports as presets. */
export const STYLE_FORMATS = [
	'a1111',
	'invokeai',
	'fooocus'
] as const satisfies readonly LibraryFormat[];

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Guesses the format from the file name and the start of the file; the person can override it. */
export function detectFormat(fileName: string, content: string): LibraryFormat {
	const name = fileName.toLowerCase();
	const head = stripBom(content).trimStart();
	// A bare array of objects is a Fooocus (or InvokeAI JSON) style list; ours is one object. A text
	// prompt may well start with "[" or "(" (attention syntax), so only JSON-looking starts count.
	if (/^\[\s*(\{|$)/.test(head)) return 'fooocus';
	if (/^\{\s*("|$)/.test(head)) return 'json';
	if (name.endsWith('.json')) return /sdxl_styles|fooocus/.test(name) ? 'fooocus' : 'json';
	if (name.endsWith('.txt')) return 'text';
	const header = head.split(/\r?\n/, 1)[0].toLowerCase().replace(/["\s]/g, '').split(',');
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
	if (!stripBom(content).trim()) throw new ImportFormatError('EMPTY_FILE');
	switch (format) {
		case 'json':
			return parseJson(content);
		case 'csv':
			return parseOwnCsv(content);
		case 'a1111':
		case 'invokeai':
			return parseStyleCsv(content);
		case 'fooocus':
			return parseFooocus(content);
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
export function exportPrompts(
	rows: readonly PromptRow[],
	format: LibraryFormat,
	now: number = Date.now()
): ExportFile {
	const sorted = [...rows].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
	const stamp = new Date(now).toISOString().slice(0, 10);
	switch (format) {
		case 'json':
			return {
				content: exportJson(sorted, now),
				mime: 'application/json',
				fileName: `prompts-${stamp}.json`
			};
		case 'csv':
			return { content: exportOwnCsv(sorted), mime: 'text/csv', fileName: `prompts-${stamp}.csv` };
		case 'a1111':
			return { content: exportStyleCsv(sorted), mime: 'text/csv', fileName: 'styles.csv' };
		case 'invokeai':
			return {
				content: exportStyleCsv(sorted),
				mime: 'text/csv',
				fileName: `prompt_templates-${stamp}.csv`
			};
		case 'fooocus':
			return {
				content: exportFooocus(sorted),
				mime: 'application/json',
				fileName: `sdxl_styles_${stamp}.json`
			};
		case 'text':
			return { content: exportText(sorted), mime: 'text/plain', fileName: `prompts-${stamp}.txt` };
	}
}
