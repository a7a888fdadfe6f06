/**
 * Fooocus style files (`sdxl_styles_*.json`): a JSON array of { name, prompt, negative_prompt },
 * the prompt wrapping `{prompt}`. InvokeAI's JSON preset import is the same list (it also takes
 * `positive_prompt`), so it reads here too. Entries that are not objects are skipped and reported.
 */
import type { PromptRow } from '../../shared/schemas/rows';
import { collect, ImportFormatError, type ParsedImport, type SkippedRow } from './types';
import { draftsFromStyleRows, joinName, type StyleRow } from './style-rows';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function parseFooocus(content: string): ParsedImport {
	let data: unknown;
	try {
		data = JSON.parse(content.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw new ImportFormatError('NOT_JSON', { message: (error as Error).message });
	}
	if (!Array.isArray(data)) throw new ImportFormatError('NOT_STYLE_LIST');
	const rows: StyleRow[] = [];
	const skipped: SkippedRow[] = [];
	data.forEach((entry: unknown, index) => {
		// Entries count from 1, like lines, so the person can find the bad one.
		const line = index + 1;
		if (
			typeof entry !== 'object' ||
			entry === null ||
			typeof (entry as { name?: unknown }).name !== 'string'
		) {
			skipped.push({ line, title: '', reason: 'MALFORMED', detail: 'NOT_A_STYLE' });
			return;
		}
		const style = entry as Record<string, unknown>;
		rows.push({
			line,
			name: text(style.name),
			prompt: text(style.prompt) || text(style.positive_prompt),
			negativePrompt: text(style.negative_prompt)
		});
	});
	return collect(draftsFromStyleRows(rows, { plainHeadings: false }), skipped);
}

/** Written as Fooocus writes its own files: an indented array, one object per style. */
export function exportFooocus(rows: readonly PromptRow[]): string {
	return (
		JSON.stringify(
			rows.map((row) => ({
				name: joinName(row),
				prompt: row.text,
				negative_prompt: row.negativePrompt
			})),
			null,
			4
		) + '\n'
	);
}
