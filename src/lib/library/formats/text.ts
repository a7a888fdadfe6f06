/** Plain text: one prompt per line (no titles, no negative prompts, no escapes). */
import type { PromptRow } from '../../shared/schemas/rows';
import { blankDraft, collect, type ParsedImport } from './types';

export function parseText(content: string): ParsedImport {
	const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
	const lines = text.split(/\r?\n/);
	return collect(
		lines
			.map((line, index) => ({ ...blankDraft(index + 1), text: line }))
			.filter((draft) => draft.text.trim() !== '')
	);
}

/** One prompt per line; line breaks inside a prompt become spaces (the format has no escape). */
export function exportText(rows: readonly PromptRow[]): string {
	return rows.map((row) => row.text.replace(/\s*\r?\n\s*/g, ' ').trim()).join('\n') + '\n';
}
