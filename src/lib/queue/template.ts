/**
 * Prompt templates with `{variables}`: each variable gets a list of values and the template
 * expands to every combination (cartesian) or line by line (zip). `{prompt}` is never a variable:
 * it is where a style puts the prompt (src/lib/styles), so a template holding it is refused with a
 * pointer to the Styles picker. Pure; no I/O.
 */

/** A variable name between braces: letters, digits, `_` and `-` in any script. */
const VARIABLE = /\{([\p{L}\p{N}_-]+)\}/gu;

/** Most prompts one template may expand to (keeps a typo from queueing a million images). */
export const MAX_EXPANSION = 10_000;

export type ExpansionMode = 'all' | 'zip';

export type TemplateProblem =
	| { kind: 'STYLE_PLACEHOLDER' }
	| { kind: 'NO_VARIABLES' }
	| { kind: 'MISSING_VALUES'; variable: string }
	| { kind: 'ZIP_LENGTHS'; lengths: Record<string, number> }
	| { kind: 'TOO_MANY'; count: number };

export type Expansion = { ok: true; prompts: string[] } | { ok: false; problem: TemplateProblem };

/** True for the style placeholder, which is never a variable (any case, as styles match it). */
const isPlaceholder = (name: string) => name.toLowerCase() === 'prompt';

/** The distinct variable names of a template, in order of first use (`{prompt}` is not one). */
export function templateVariables(template: string): string[] {
	const names: string[] = [];
	for (const match of template.matchAll(VARIABLE))
		if (!names.includes(match[1]) && !isPlaceholder(match[1])) names.push(match[1]);
	return names;
}

/** Whether a template holds the style placeholder `{prompt}`. */
export function hasStylePlaceholder(template: string): boolean {
	return [...template.matchAll(VARIABLE)].some((match) => isPlaceholder(match[1]));
}

/** Splits a text area into values: one per line, trimmed, blank lines dropped. */
export function valuesFromLines(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line.length > 0);
}

/** Fills a template with one value per variable; unknown names stay as written. */
export function fillTemplate(template: string, values: Record<string, string>): string {
	return template.replace(VARIABLE, (whole, name: string) => values[name] ?? whole);
}

/** How many prompts the template would make, without making them. */
export function expansionSize(
	variables: string[],
	values: Record<string, string[]>,
	mode: ExpansionMode
): number {
	if (variables.length === 0) return 0;
	const lengths = variables.map((name) => values[name]?.length ?? 0);
	return mode === 'all' ? lengths.reduce((a, b) => a * b, 1) : Math.min(...lengths);
}

/**
 * Expands a template: `all` makes every combination (the first variable changes slowest), `zip`
 * pairs line n of every list (the lists must be equally long).
 */
export function expandTemplate(
	template: string,
	values: Record<string, string[]>,
	mode: ExpansionMode
): Expansion {
	if (hasStylePlaceholder(template)) return { ok: false, problem: { kind: 'STYLE_PLACEHOLDER' } };
	const variables = templateVariables(template);
	if (variables.length === 0) return { ok: false, problem: { kind: 'NO_VARIABLES' } };
	const missing = variables.find((name) => (values[name]?.length ?? 0) === 0);
	if (missing) return { ok: false, problem: { kind: 'MISSING_VALUES', variable: missing } };
	if (mode === 'zip') {
		const lengths = Object.fromEntries(variables.map((name) => [name, values[name].length]));
		if (new Set(Object.values(lengths)).size > 1)
			return { ok: false, problem: { kind: 'ZIP_LENGTHS', lengths } };
	}
	const count = expansionSize(variables, values, mode);
	if (count > MAX_EXPANSION) return { ok: false, problem: { kind: 'TOO_MANY', count } };
	const prompts: string[] = [];
	if (mode === 'zip') {
		for (let row = 0; row < count; row++) {
			prompts.push(
				fillTemplate(
					template,
					Object.fromEntries(variables.map((name) => [name, values[name][row]]))
				)
			);
		}
		return { ok: true, prompts };
	}
	const walk = (depth: number, chosen: Record<string, string>): void => {
		if (depth === variables.length) {
			prompts.push(fillTemplate(template, chosen));
			return;
		}
		const name = variables[depth];
		for (const value of values[name]) walk(depth + 1, { ...chosen, [name]: value });
	};
	walk(0, {});
	return { ok: true, prompts };
}
