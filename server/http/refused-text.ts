/**
 * The one rule for text at the edge: PostgreSQL refuses NUL (U+0000) in `text` and `jsonb`, and a
 * lone UTF-16 surrogate has no UTF-8 form (the driver would silently store U+FFFD instead). Both
 * are refused as BAD_INPUT naming the field, before any query. Everything else Unicode allows
 * (RTL overrides, emoji, zero-width joiners) is stored as sent.
 */

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const NUL = /\u0000/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed, pre-ES2024 lib). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Nesting past this is refused at the HTTP edge already (MAX_JSON_DEPTH); createCaller tests stop here too. */
const MAX_WALK_DEPTH = 64;

export interface RefusedText {
	/** Dotted path of the field (object keys and array indexes), `input` for a bare string. */
	field: string;
	why: 'NUL character' | 'unpaired surrogate' | 'too deeply nested';
}

/** `text` with NUL and lone surrogates spelled as `\uXXXX`, so a field name can itself be logged and stored. */
export function printable(text: string): string {
	return text.replace(
		new RegExp(`${NUL.source}|${LONE_SURROGATE.source}`, 'g'),
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
	);
}

function refusalOf(text: string): RefusedText['why'] | null {
	if (NUL.test(text)) return 'NUL character';
	if (LONE_SURROGATE.test(text)) return 'unpaired surrogate';
	return null;
}

/**
 * The first string (value or object key) in `value` the database cannot store, or null.
 * @param skip returns true for paths whose content is checked elsewhere (sync mutation args).
 */
export function findRefusedText(
	value: unknown,
	skip: (path: readonly (string | number)[]) => boolean = () => false
): RefusedText | null {
	const path: (string | number)[] = [];
	const name = () =>
		path.length ? path.map((step) => printable(String(step))).join('.') : 'input';
	const walk = (node: unknown, depth: number): RefusedText | null => {
		if (typeof node === 'string') {
			const why = refusalOf(node);
			return why ? { field: name(), why } : null;
		}
		if (node === null || typeof node !== 'object') return null;
		if (depth > MAX_WALK_DEPTH) return { field: name(), why: 'too deeply nested' };
		if (skip(path)) return null;
		const entries: [string | number, unknown][] = Array.isArray(node)
			? node.map((v, i) => [i, v])
			: Object.entries(node);
		for (const [key, child] of entries) {
			path.push(key);
			const keyWhy = typeof key === 'string' ? refusalOf(key) : null;
			const found = keyWhy ? { field: name(), why: keyWhy } : walk(child, depth + 1);
			path.pop();
			if (found) return found;
		}
		return null;
	};
	return walk(value, 0);
}

/** The English sentence for a refusal (API users and logs; the app shows its own text for BAD_INPUT). */
export function refusedTextMessage(refused: RefusedText): string {
	return refused.why === 'too deeply nested'
		? `${refused.field} is nested too deeply.`
		: `${refused.field} contains a character that cannot be stored (${refused.why}).`;
}
