/**
 * The signed-in person's prompt library in memory: one watch over `prompts` (full read, then
 * changed rows only) feeding the
 * {@link PromptIndex}, shared by the library page and the Generate page's autocomplete.
 * Components connect while mounted (`$effect(() => promptLibrary.connect(db))`); the
 * subscription ends when the last one disconnects. UI state only; writes go through mutations.
 */
import type { StudioDB } from '../db/database';
import { watchPrompts } from '../db/prompt.repository';
import { handleError } from '../errors';
import { PromptIndex } from './search-index';

class PromptLibraryState {
	readonly index = new PromptIndex();
	/** Bumped after every index update; read it in `$derived` to recompute searches. */
	version = $state(0);
	isLoaded = $state(false);
	#db: StudioDB | null = null;
	#users = 0;
	#generation = 0;
	#unsubscribe: (() => void) | null = null;

	/** Starts (or shares) the live query for this database; returns the disconnect function. */
	connect(db: StudioDB): () => void {
		if (this.#db !== db) {
			this.#stop();
			this.#db = db;
			this.index.update([]);
			this.isLoaded = false;
			this.#unsubscribe = watchPrompts(
				db,
				(update) => {
					if (update.kind === 'all') this.index.update(update.rows);
					else this.index.patch(update.rows, update.removedIds);
					this.isLoaded = true;
					this.version += 1;
				},
				(error) => handleError(error, 'library')
			);
		}
		this.#users += 1;
		const generation = this.#generation;
		let connected = true;
		return () => {
			// A connection to an earlier database (before a sign-in change) has nothing to release.
			if (!connected || generation !== this.#generation) return;
			connected = false;
			this.#users -= 1;
			if (this.#users === 0) this.#stop();
		};
	}

	#stop(): void {
		this.#generation += 1;
		this.#unsubscribe?.();
		this.#unsubscribe = null;
		this.#db = null;
		this.#users = 0;
	}
}

/** The app's one in-memory library. */
export const promptLibrary = new PromptLibraryState();
