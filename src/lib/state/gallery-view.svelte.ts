/**
 * The gallery's images as a rune: every live image kept as compact entries (re-read when image
 * rows change), and the current view derived synchronously from them and the URL's filters, so
 * a search or filter change repaints without waiting on IndexedDB.
 */
import { watchGalleryEntries, watchGalleryScope, type GalleryEntry, type GalleryScope } from '../gallery/entries';
import type { GalleryFilters } from '../gallery/filters';
import { applyGalleryFilters } from '../gallery/view';
import { LiveQuery } from './live-query.svelte';
import { session } from './session.svelte';

export class GalleryView {
	#entries: LiveQuery<GalleryEntry[]>;
	#scope: LiveQuery<GalleryScope | null>;
	#filters: () => GalleryFilters;

	/** Must be constructed during component initialisation (it owns live queries). */
	constructor(filters: () => GalleryFilters) {
		this.#filters = filters;
		this.#entries = new LiveQuery(() => (session.db ? watchGalleryEntries(session.db) : null), []);
		this.#scope = new LiveQuery(() => {
			const { collection, batch } = filters();
			return session.db ? watchGalleryScope(session.db, { collection, batch }) : null;
		}, null);
	}

	/** Every image not in the trash, newest first. */
	get all(): GalleryEntry[] {
		return this.#entries.current;
	}

	/** The scope for the current filters, or null while it loads. */
	#currentScope = $derived.by(() => {
		const scope = this.#scope.current;
		const { collection, batch } = this.#filters();
		return scope && scope.collection === collection && scope.batch === batch ? scope : null;
	});

	get isLoaded(): boolean {
		return this.#entries.isLoaded && this.#currentScope !== null;
	}

	/** The images in the view, in display order. */
	visible = $derived.by(() => {
		const scope = this.#currentScope;
		return scope ? applyGalleryFilters(this.#entries.current, this.#filters(), scope) : [];
	});

	/** Ids of {@link visible}, for ranges and "select all". */
	visibleIds = $derived(this.visible.map((entry) => entry.id));
}
