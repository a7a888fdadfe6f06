/**
 * The library's in-memory search index: instant search over title, text and tags for tens of
 * thousands of prompts without touching IndexedDB per keystroke.
 *
 * How it stays fast: each prompt's searchable text is folded once (lower case, accents and
 * width variants removed) and reused while the row is unchanged; the three sort orders are
 * computed once per update, so a query is one linear pass of `includes` over pre-sorted
 * entries; and typing that only extends the previous query searches the previous hits only.
 * Substring matching (not words) so Chinese and other unspaced scripts work.
 */
import type { PromptRow } from '../shared/schemas/rows';
import { isStyle } from '../styles/compose';

export const SORT_KEYS = ['recent', 'used', 'title'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** What the library page asks for. Empty strings / null mean "any". */
export interface LibraryQuery {
	text: string;
	category: string | null;
	tag: string | null;
	favouritesOnly: boolean;
	/** Only styles ({@link isStyle}: `{prompt}` in the text or the `style` tag). */
	stylesOnly?: boolean;
	sort: SortKey;
}

export const EMPTY_QUERY: LibraryQuery = {
	text: '',
	category: null,
	tag: null,
	favouritesOnly: false,
	sort: 'recent'
};

interface Entry {
	row: PromptRow;
	title: string;
	foldedTitle: string;
	/** Folded title, tags, category and text, separated by newlines. */
	haystack: string;
	recency: number;
}

/** Folds text for matching: compatibility-decomposed, accents dropped, lower case. */
export function fold(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase();
}

/** The words of a query (whitespace-separated), folded. */
export function queryTerms(text: string): string[] {
	return fold(text).split(/\s+/).filter(Boolean);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function makeEntry(row: PromptRow): Entry {
	return {
		row,
		title: row.title,
		foldedTitle: fold(row.title),
		haystack: fold(`${row.title}\n${row.tags.join('\n')}\n${row.category}\n${row.text}`),
		recency: Math.max(row.updatedAt, row.lastUsedAt ?? 0)
	};
}

/** A count per name, most frequent first, then by name. */
export interface Facet {
	name: string;
	count: number;
}

function facetsOf(values: Iterable<string>): Facet[] {
	const counts = new Map<string, number>();
	for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
	return [...counts]
		.map(([name, count]) => ({ name, count }))
		.sort((a, b) => b.count - a.count || collator.compare(a.name, b.name));
}

const BY: Record<SortKey, (a: Entry, b: Entry) => number> = {
	recent: (a, b) =>
		b.recency - a.recency || (a.row.id < b.row.id ? 1 : a.row.id > b.row.id ? -1 : 0),
	used: (a, b) => b.row.usageCount - a.row.usageCount || BY.recent(a, b),
	title: (a, b) =>
		collator.compare(a.title, b.title) || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0)
};

/** Inserts into a sorted array at its place (binary search). */
function insertSorted(list: Entry[], entry: Entry, compare: (a: Entry, b: Entry) => number): void {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (compare(list[mid], entry) <= 0) lo = mid + 1;
		else hi = mid;
	}
	list.splice(lo, 0, entry);
}

/** Above this many changed rows a full rebuild is cheaper than patching. */
const PATCH_LIMIT = 200;

export class PromptIndex {
	/** Every row by id, trash and emptied trash included. */
	#rows = new Map<string, PromptRow>();
	#entries = new Map<string, Entry>();
	#sorted: Record<SortKey, Entry[]> = { recent: [], used: [], title: [] };
	#trash: PromptRow[] = [];
	#last: { key: string; text: string; hits: Entry[] } | null = null;
	/** Facets over the live (not trashed) prompts. */
	categories: Facet[] = [];
	tags: Facet[] = [];
	/** Number of live prompts. */
	size = 0;

	/** Replaces the indexed rows; entries of unchanged rows are reused. */
	update(rows: readonly PromptRow[]): void {
		this.#rows = new Map(rows.map((row) => [row.id, row]));
		const next = new Map<string, Entry>();
		const trash: PromptRow[] = [];
		let titlesChanged = false;
		for (const row of rows) {
			if (row.deletedAt !== null) {
				if (row.discardedAt == null) trash.push(row);
				continue;
			}
			const previous = this.#entries.get(row.id);
			const entry =
				previous && previous.row === row
					? previous
					: previous && sameRow(previous.row, row)
						? { ...previous, row }
						: makeEntry(row);
			if (!previous || previous.title !== entry.title) titlesChanged = true;
			next.set(row.id, entry);
		}
		if (next.size !== this.#entries.size) titlesChanged = true;
		this.#entries = next;
		const live = [...next.values()];
		this.#sorted = {
			recent: [...live].sort(BY.recent),
			used: [...live].sort(BY.used),
			// Locale-aware comparison is the slow part of an update: reuse the order when no title changed.
			title: titlesChanged
				? [...live].sort(BY.title)
				: this.#sorted.title.map((entry) => next.get(entry.row.id) as Entry)
		};
		this.#trash = trash;
		this.#finish();
	}

	/**
	 * Applies changed and removed rows (what a write touched) without rebuilding: each changed
	 * entry moves to its place in the sorted orders. Same result as {@link update} with all rows.
	 */
	patch(changed: readonly PromptRow[], removedIds: readonly string[]): void {
		for (const id of removedIds) this.#rows.delete(id);
		for (const row of changed) this.#rows.set(row.id, row);
		if (changed.length + removedIds.length > PATCH_LIMIT)
			return this.update([...this.#rows.values()]);
		const touched = new Set([...removedIds, ...changed.map((row) => row.id)]);
		for (const id of touched) {
			const old = this.#entries.get(id);
			if (!old) continue;
			this.#entries.delete(id);
			for (const key of SORT_KEYS) {
				const list = this.#sorted[key];
				list.splice(list.indexOf(old), 1);
			}
		}
		this.#trash = this.#trash.filter((row) => !touched.has(row.id));
		for (const row of changed) {
			if (row.deletedAt !== null) {
				if (row.discardedAt == null) this.#trash.push(row);
				continue;
			}
			const entry = makeEntry(row);
			this.#entries.set(row.id, entry);
			for (const key of SORT_KEYS) insertSorted(this.#sorted[key], entry, BY[key]);
		}
		this.#finish();
	}

	#finish(): void {
		this.#trash.sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0) || (a.id < b.id ? 1 : -1));
		const live = this.#sorted.recent;
		this.categories = facetsOf(live.map((e) => e.row.category));
		this.tags = facetsOf(live.flatMap((e) => e.row.tags));
		this.size = live.length;
		this.#last = null;
	}

	/** The prompts matching a query, in its sort order. */
	search(query: LibraryQuery): PromptRow[] {
		const terms = queryTerms(query.text);
		const text = terms.join(' ');
		const key = `${query.sort}\u0000${query.category ?? ''}\u0000${query.tag ?? ''}\u0000${query.favouritesOnly}\u0000${query.stylesOnly === true}`;
		// Typing on: the new hits are a subset of the previous ones (every term extends or adds).
		const base =
			this.#last && this.#last.key === key && text.startsWith(this.#last.text)
				? this.#last.hits
				: this.#sorted[query.sort];
		const hits: Entry[] = [];
		for (const entry of base) {
			const row = entry.row;
			if (query.favouritesOnly && !row.favourite) continue;
			if (query.stylesOnly && !isStyle(row)) continue;
			if (query.category !== null && row.category !== query.category) continue;
			if (query.tag !== null && !row.tags.includes(query.tag)) continue;
			if (!terms.every((term) => entry.haystack.includes(term))) continue;
			hits.push(entry);
		}
		this.#last = { key, text, hits };
		return hits.map((entry) => entry.row);
	}

	/**
	 * Autocomplete: prompts whose title, tags or text contain every word typed, best first
	 * (title matches, then tag matches, then most used).
	 */
	suggest(text: string, limit = 8): PromptRow[] {
		const terms = queryTerms(text);
		if (terms.length === 0) return [];
		// Keep only the best `limit` (entries arrive most-used first; a tie keeps the earlier one).
		const best: { entry: Entry; score: number }[] = [];
		for (const entry of this.#sorted.used) {
			if (!terms.every((term) => entry.haystack.includes(term))) continue;
			let score = 0;
			for (const term of terms) {
				if (entry.foldedTitle.startsWith(term)) score += 4;
				else if (entry.foldedTitle.includes(term)) score += 2;
				if (entry.row.tags.some((tag) => tag.startsWith(term))) score += 2;
			}
			if (best.length === limit && score <= best[limit - 1].score) continue;
			let at = best.length;
			while (at > 0 && best[at - 1].score < score) at--;
			best.splice(at, 0, { entry, score });
			if (best.length > limit) best.pop();
		}
		return best.map(({ entry }) => entry.row);
	}

	/** Prompts in the trash (deleted, not emptied), most recently deleted first. */
	trash(): PromptRow[] {
		return this.#trash;
	}

	/** A live prompt by id. */
	get(id: string): PromptRow | undefined {
		return this.#entries.get(id)?.row;
	}
}

function sameRow(a: PromptRow, b: PromptRow): boolean {
	return (
		a.updatedAt === b.updatedAt &&
		a.title === b.title &&
		a.text === b.text &&
		a.category === b.category &&
		a.tags.join('\n') === b.tags.join('\n') &&
		(a.lastUsedAt ?? null) === (b.lastUsedAt ?? null)
	);
}
