/**
 * Autocomplete for the Generate page's prompt box: library prompts first (best matches), then
 * recently used prompts, each text offered once, never the text already typed.
 */
import type { RecentPromptRecord } from '../db/database';
import type { PromptRow } from '../shared/schemas/rows';
import { fold, queryTerms, type PromptIndex } from './search-index';

/** Fewer characters than this suggest nothing (too many weak matches). */
export const MIN_QUERY_LENGTH = 2;

export type Suggestion =
	| { kind: 'library'; key: string; title: string; text: string; prompt: PromptRow }
	| { kind: 'recent'; key: string; title: string; text: string; recent: RecentPromptRecord };

/** The suggestions for what is typed, at most `limit`. */
export function buildSuggestions(
	index: PromptIndex,
	recents: readonly RecentPromptRecord[],
	typed: string,
	limit = 8
): Suggestion[] {
	const current = typed.trim();
	if (current.length < MIN_QUERY_LENGTH) return [];
	const seen = new Set([current]);
	const out: Suggestion[] = [];
	for (const prompt of index.suggest(current, limit)) {
		if (seen.has(prompt.text)) continue;
		seen.add(prompt.text);
		out.push({
			kind: 'library',
			key: `l:${prompt.id}`,
			title: prompt.title,
			text: prompt.text,
			prompt
		});
	}
	const terms = queryTerms(current);
	for (const recent of recents) {
		if (out.length >= limit) break;
		if (seen.has(recent.text)) continue;
		const folded = fold(recent.text);
		if (!terms.every((term) => folded.includes(term))) continue;
		seen.add(recent.text);
		out.push({
			kind: 'recent',
			key: `r:${recent.text}`,
			title: recent.text,
			text: recent.text,
			recent
		});
	}
	return out.slice(0, limit);
}
