/**
 * AUTOMATIC1111 `styles.csv` (name, prompt, negative_prompt) and InvokeAI's style-preset CSV,
 * which its exporter writes with the same columns (its importer also takes `positive_prompt`).
 * Both use `{prompt}`; rows without it are styles appended to the prompt, tagged `style`.
 * @see invoke-ai/InvokeAI invokeai/app/api/routers/style_presets.py (export_style_presets)
 */
import { writeCsv } from '../../utils/csv';
import type { PromptRow } from '../../shared/schemas/rows';
import { cell, columns, readTable } from './table';
import { collect, ImportFormatError, type ParsedImport } from './types';
import { draftsFromStyleRows, joinName } from './style-rows';

/** Reads a style CSV; `prompt` or `positive_prompt` holds the prompt. */
export function parseStyleCsv(content: string): ParsedImport {
	const { header, rows, malformed } = readTable(content);
	const promptColumn = header.includes('prompt') ? 'prompt' : 'positive_prompt';
	if (!header.includes('name') || !header.includes(promptColumn)) {
		throw new ImportFormatError('MISSING_COLUMNS', {
			columns: ['name', 'prompt']
				.filter(
					(name) =>
						!header.includes(name) && !(name === 'prompt' && header.includes('positive_prompt'))
				)
				.join(', ')
		});
	}
	const col = columns(header, ['name', promptColumn], ['negative_prompt']);
	const styleRows = rows.map((record) => ({
		line: record.line,
		name: cell(record, col.name),
		prompt: cell(record, col[promptColumn]),
		negativePrompt: cell(record, col.negative_prompt)
	}));
	return collect(draftsFromStyleRows(styleRows, { plainHeadings: true }), malformed);
}

/** Writes name,prompt,negative_prompt (no BOM: both apps read plain UTF-8); categories go into names. */
export function exportStyleCsv(rows: readonly PromptRow[]): string {
	return writeCsv([
		['name', 'prompt', 'negative_prompt'],
		...rows.map((row) => [joinName(row), row.text, row.negativePrompt])
	]);
}
