/**
 * Prompt lists from text a person typed or imported: TXT (one prompt per line) or CSV (a
 * `prompt` column, else the first column; an optional `count` column). Pure; no I/O.
 */
import { readCsvRescuing } from '../utils/csv';

/** One prompt of a list and how many images it should make. */
export interface PromptLine {
	prompt: string;
	count: number;
}

export const MAX_COUNT_PER_PROMPT = 100;

/** One prompt per line; blank lines and lines starting with `#` are skipped. */
export function parsePromptLines(text: string, count = 1): PromptLine[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line.length > 0 && !line.startsWith('#'))
		.map((prompt) => ({ prompt, count }));
}

/** Rows of CSV text with at least one non-blank cell; malformed lines are skipped (the shared reader). */
export function parseCsvRows(text: string): string[][] {
	return readCsvRescuing(text)
		.records.map((record) => record.fields)
		.filter((row) => row.some((cell) => cell.trim().length > 0));
}

/**
 * Prompts from CSV: a header row naming a `prompt` column (and optionally `count`) is used when
 * present; otherwise every row's first cell is a prompt.
 */
export function parsePromptCsv(text: string, count = 1): PromptLine[] {
	const rows = parseCsvRows(text);
	if (rows.length === 0) return [];
	const header = rows[0].map((cell) => cell.trim().toLowerCase());
	const promptColumn = header.indexOf('prompt');
	const countColumn = header.indexOf('count');
	const body = promptColumn >= 0 ? rows.slice(1) : rows;
	const column = Math.max(promptColumn, 0);
	return body.flatMap((row) => {
		const prompt = (row[column] ?? '').trim();
		if (!prompt) return [];
		const own = countColumn >= 0 ? Number.parseInt(row[countColumn] ?? '', 10) : NaN;
		return [
			{
				prompt,
				count: Number.isFinite(own) && own > 0 ? Math.min(own, MAX_COUNT_PER_PROMPT) : count
			}
		];
	});
}

/** Reads an imported file by its name: `.csv` as CSV, anything else as one prompt per line. */
export function parsePromptFile(name: string, text: string, count = 1): PromptLine[] {
	return name.toLowerCase().endsWith('.csv')
		? parsePromptCsv(text, count)
		: parsePromptLines(text, count);
}
