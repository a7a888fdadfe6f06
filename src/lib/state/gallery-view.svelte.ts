/**
 * The gallery's images as a rune: the database's in-memory gallery index (every live image as a
 * compact entry, kept current incrementally) and the current view derived synchronously from it
 * and the URL's filters, so a search or filter change repaints without waiting on IndexedDB.
 */
import type { GalleryEntry, GalleryScope } from '../gallery/entries';
import { watchGalleryScope } from '../gallery/entries';
import type { GalleryFilters } from '../gallery/filters';
import { galleryIndexFor, type GallerySnapshot } from '../gallery/gallery-index';
import { applyGalleryFilters } from '../gallery/view';
import { LiveQuery } from './live-query.svelte';
import { session } from './session.svelte';

export class GalleryView {
	#snapshot = $state.raw<GallerySnapshot | null>(null);
	#scope: LiveQuery<GalleryScope | null>;
	#filters: () => GalleryFilters;

	/** Must be constructed during component initialisation (it owns effects). */
	constructor(filters: () => GalleryFilters) {
		this.#filters = filters;
		$effect(() => {
			const db = session.db;
			if (!db) return;
			return galleryIndexFor(db).subscribe((snapshot) => (this.#snapshot = snapshot));
		});
		this.#scope = new LiveQuery(() => {
			const { collection, batch } = filters();
			return session.db ? watchGalleryScope(session.db, { collection, batch }) : null;
		}, null);
	}

	/** Every image not in the trash, newest first (only the newest until {@link isComplete}). */
	get all(): GalleryEntry[] {
		return this.#snapshot?.entries ?? [];
	}

	/** Every image is known (before, only the newest are, for a quick first paint). */
	get isComplete(): boolean {
		return this.#snapshot?.isComplete ?? false;
	}

	/** The scope for the current filters, or null while it loads. */
	#currentScope = $derived.by(() => {
		const scope = this.#scope.current;
		const { collection, batch } = this.#filters();
		return scope && scope.collection === collection && scope.batch === batch ? scope : null;
	});

	/** Something can be shown (at least the newest images, and the view's scope). */
	get isLoaded(): boolean {
		return this.#snapshot !== null && this.#currentScope !== null;
	}

	/** The images in the view, in display order. */
	visible = $derived.by(() => {
		const scope = this.#currentScope;
		return scope ? applyGalleryFilters(this.all, this.#filters(), scope) : [];
	});

	/** Ids of {@link visible}, for ranges and "select all". */
	visibleIds = $derived(this.visible.map((entry) => entry.id));
}
