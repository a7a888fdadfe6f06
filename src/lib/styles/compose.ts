/**
 * Styles the way AUTOMATIC1111, Fooocus and InvokeAI people know them: a style is a prompt with a
 * `{prompt}` placeholder (and a negative prompt) that wraps whatever is typed. Several stack in
 * order, each wrapping the result of the one before. A style without the placeholder is appended
 * after a comma, as A1111 does. Negative prompts merge without repeating a term. Pure; no I/O.
 */

/** A library prompt tagged with this is a style even without a placeholder (A1111 files have many). */
export const STYLE_TAG = 'style';

/** The placeholder a style's text is wrapped around; matched without regard to case. */
const PLACEHOLDER = /\{prompt\}/gi;

/** Whether a text holds the `{prompt}` placeholder (any case). */
export function hasPlaceholder(text: string): boolean {
	return /\{prompt\}/i.test(text);
}

/** What a style needs to be applied: its display name and its two texts. */
export interface StyleSource {
	name: string;
	text: string;
	negativePrompt: string;
}

/** A library prompt or preset is a style when its text holds `{prompt}` or it carries the `style` tag. */
export function isStyle(prompt: { text: string; tags?: readonly string[] }): boolean {
	return hasPlaceholder(prompt.text) || (prompt.tags?.includes(STYLE_TAG) ?? false);
}

/** One style around a text: replaces every `{prompt}`, or appends after a comma when there is none. */
export function wrapWithStyle(text: string, style: string): string {
	const typed = text.trim();
	const template = style.trim();
	if (!template) return typed;
	if (hasPlaceholder(template)) return template.replace(PLACEHOLDER, () => typed).trim();
	return typed ? `${typed.replace(/[,\s]+$/, '')}, ${template}` : template;
}

/** The terms of a comma-separated list (ASCII or full-width commas), trimmed, empties dropped. */
function terms(list: string): string[] {
	return list
		.split(/[,，]/)
		.map((term) => term.trim())
		.filter(Boolean);
}

/** The identity of a term for de-duplication: case and inner whitespace folded, weights kept. */
function termKey(term: string): string {
	return term.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Negative prompts joined into one, each term once (the first spelling wins), in order: the typed
 * one first, then each style's. A style negative with `{prompt}` wraps the list built so far.
 */
export function mergeNegatives(typed: string, styleNegatives: readonly string[]): string {
	let merged = terms(typed);
	for (const negative of styleNegatives) {
		if (hasPlaceholder(negative))
			merged = terms(negative.replace(PLACEHOLDER, () => merged.join(', ')));
		else merged = [...merged, ...terms(negative)];
	}
	const seen = new Set<string>();
	return merged
		.filter((term) => {
			const key = termKey(term);
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.join(', ');
}

/** The final prompt and negative prompt after stacking styles in order (first style innermost). */
export function applyStyles(
	typed: { prompt: string; negativePrompt: string },
	styles: readonly StyleSource[]
): { prompt: string; negativePrompt: string } {
	const prompt = styles.reduce((text, style) => wrapWithStyle(text, style.text), typed.prompt);
	const negativePrompt =
		styles.length === 0
			? typed.negativePrompt.trim()
			: mergeNegatives(
					typed.negativePrompt,
					styles.map((style) => style.negativePrompt)
				);
	return { prompt, negativePrompt };
}
