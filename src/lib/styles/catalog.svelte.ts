/**
 * The styles on offer, live: the person's library prompts that are styles (from the shared
 * in-memory library) and the admin's presets that are styles. Pages that show a picker connect it;
 * UI state only, no writes.
 */
import type { StudioDB } from '../db/database';
import { promptLibrary } from '../library/library.svelte';
import { presets } from '../library/presets.svelte';
import { EMPTY_QUERY } from '../library/search-index';
import { availableStyles } from './style-sources';
import type { PickedStyle } from './picked';

class StyleCatalog {
	/** Every available style: the library's by title, then the presets in the admin's order. */
	list = $derived.by<PickedStyle[]>(() => {
		void promptLibrary.version;
		return availableStyles(
			promptLibrary.index.search({ ...EMPTY_QUERY, sort: 'title' }),
			presets.list
		);
	});
	/** True once both sources answered (presets: cached copy or the relay, even if it failed). */
	isReady = $derived(promptLibrary.isLoaded && presets.isLoaded);
	#presetsFor: StudioDB | null = null;

	/** Starts the library watch (shared) and loads the presets once per database; returns the disconnect. */
	connect(db: StudioDB): () => void {
		if (this.#presetsFor !== db) {
			this.#presetsFor = db;
			void presets.load(db);
		}
		return promptLibrary.connect(db);
	}
}

/** The app's one list of available styles. */
export const styleCatalog = new StyleCatalog();
