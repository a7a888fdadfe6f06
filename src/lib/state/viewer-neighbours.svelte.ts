/**
 * Where an image sits in the gallery view it was opened from: its position, the previous and
 * next ids (live, so a delete or a sync moves them). UI state only; the view's order is
 * watchGalleryIds' (src/lib/gallery/filters.ts).
 */
import { parseGalleryFilters, watchGalleryIds } from '../gallery/filters';
import { LiveQuery } from './live-query.svelte';
import { session } from './session.svelte';

/** The gallery view a viewer URL's search string names (the params are read once, never changed). */
function filtersOf(query: string) {
	return parseGalleryFilters(new URLSearchParams(query));
}

export class ViewerNeighbours {
	#ids: LiveQuery<string[]>;
	#id: () => string;
	/** Where the image last was: when it leaves the view (unfavourited in Favourites…), its neighbours stay reachable. */
	#lastIndex = -1;
	index = $derived.by(() => {
		const index = this.#ids.current.indexOf(this.#id());
		if (index >= 0) this.#lastIndex = index; // a plain field, not state: bookkeeping only
		return index;
	});
	total = $derived.by(() => this.#ids.current.length);
	previous = $derived.by(() => {
		const at = this.index >= 0 ? this.index : this.#lastIndex;
		return at > 0 ? this.#ids.current[at - 1] : undefined;
	});
	next = $derived.by(() => {
		if (this.index >= 0) return this.#ids.current[this.index + 1];
		return this.#lastIndex >= 0 ? this.#ids.current[this.#lastIndex] : undefined;
	});

	/** Must be constructed during component initialisation (it owns a live query). */
	/** `query` is the view's search string: a string, so moving between images does not re-run the query. */
	constructor(id: () => string, query: () => string) {
		this.#id = id;
		this.#ids = new LiveQuery<string[]>(() => {
			const db = session.db;
			const view = filtersOf(query());
			return db ? watchGalleryIds(db, view) : null;
		}, []);
	}

	/** The id to show after this one leaves the view: the next, else the previous. */
	afterRemoval(): string | undefined {
		return this.next ?? this.previous;
	}
}
