/**
 * A Dexie live query as a rune: `new LiveQuery(() => watchImages(db), [])` in a component keeps
 * `current` up to date and resubscribes when the runes read by the factory change.
 */
import type { LiveResult } from '../db/live';
import { handleError } from '../errors';

export class LiveQuery<T> {
	current = $state.raw() as T;
	/** False until the first result arrives. */
	isLoaded = $state(false);

	/** Must be constructed during component initialisation (it owns an effect). */
	constructor(factory: () => LiveResult<T> | null, initial: T) {
		this.current = initial;
		$effect(() => {
			const result = factory();
			if (!result) return;
			const subscription = result.subscribe({
				next: (value) => {
					this.current = value;
					this.isLoaded = true;
				},
				error: (error) => handleError(error, 'live query')
			});
			return () => subscription.unsubscribe();
		});
	}
}
