/**
 * How shared style files (A1111 styles.csv, Fooocus JSON, InvokeAI presets) carry categories, and
 * the `style` tag: a row with an empty prompt and a decorated or plain name (`>>>>>> Generic
 * Styles`, `||| 摄影`, `=== Photo ===`, `【人像】`, and in CSV a plain `Portraits`) is a section line naming the
 * category of the rows after it; a name `category | title` (also `｜`) carries its own category,
 * which wins. Export writes `category | title`, which the import splits back.
 */
import { hasPlaceholder, STYLE_TAG } from '../../styles/compose';
import { blankDraft, type PromptDraft } from './types';

/** One row of a style file as read: its name and texts, and the line it came from. */
export interface StyleRow {
	line: number;
	name: string;
	prompt: string;
	negativePrompt: string;
}

const CATEGORY_LENGTH = 100;
const DECORATION = '>|｜=\\-—_*#~+•·:：<[\\]【】《》「」()（）★☆■□◆◇●○═─━\\s';
const LEADING = new RegExp(`^[${DECORATION}]+`);
const TRAILING = new RegExp(`[${DECORATION}]+$`);
/** The first `|` or `｜` with text on both sides splits a name into category and title. */
const NAME_SPLIT = /^([^|｜]*?\S[^|｜]*?)\s*[|｜]\s*(\S.*)$/s;
/** A1111's own "no style" entry, not a heading. */
const NO_STYLE = /^none$/i;

/**
 * The category a section line names ('' resets), or null when the row is not a section line.
 * Plain names count only where `plainHeadings` (CSV files, where an empty row does nothing);
 * Fooocus has real styles without a prompt ("Fooocus V2").
 */
export function sectionName(row: StyleRow, plainHeadings: boolean): string | null {
	if (row.prompt.trim() !== '' || row.negativePrompt.trim() !== '') return null;
	const name = row.name.trim();
	if (!name || NO_STYLE.test(name)) return null;
	if (!plainHeadings && !LEADING.test(name) && !TRAILING.test(name)) return null;
	// A category never holds `|`: that would split the exported `category | title` name elsewhere.
	return name
		.replace(LEADING, '')
		.replace(TRAILING, '')
		.replace(/\s*[|｜]+\s*/g, ' / ')
		.trim()
		.slice(0, CATEGORY_LENGTH)
		.trim();
}

/** `category | title` → both parts; any other name is all title. */
export function splitName(name: string): { category: string; title: string } {
	const match = NAME_SPLIT.exec(name.trim());
	return match
		? { category: match[1].trim().slice(0, CATEGORY_LENGTH), title: match[2].trim() }
		: { category: '', title: name.trim() };
}

/** The name written for a prompt: `category | title`, or the title alone. */
export function joinName(row: { category: string; title: string }): string {
	return row.category ? `${row.category} | ${row.title}` : row.title;
}

/**
 * Drafts from a style file's rows: section lines become categories (not prompts, not reported);
 * every row is a style, so rows without `{prompt}` get the `style` tag (tags are not written
 * back to these formats, so round trips stay exact).
 */
export function draftsFromStyleRows(
	rows: readonly StyleRow[],
	options: { plainHeadings: boolean }
): PromptDraft[] {
	let section = '';
	const drafts: PromptDraft[] = [];
	for (const row of rows) {
		const heading = sectionName(row, options.plainHeadings);
		if (heading !== null) {
			section = heading;
			continue;
		}
		const named = splitName(row.name);
		drafts.push({
			...blankDraft(row.line),
			title: named.title,
			text: row.prompt,
			negativePrompt: row.negativePrompt,
			category: named.category || section,
			tags: hasPlaceholder(row.prompt) ? [] : [STYLE_TAG]
		});
	}
	return drafts;
}
