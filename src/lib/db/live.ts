/**
 * The shape of a live query as the rest of the app sees it, so only src/lib/db imports dexie.
 * Dexie re-runs the query whenever a table it read changes (in this tab, another, or a worker).
 */
import { liveQuery } from 'dexie';

/** A subscribable query result; Svelte-store and `state/live-query.svelte.ts` compatible. */
export interface LiveResult<T> {
	subscribe(observer: { next: (value: T) => void; error?: (error: unknown) => void }): {
		unsubscribe(): void;
	};
}

/** Wraps a read-only query function as a {@link LiveResult}. The function must not write. */
export function live<T>(query: () => Promise<T>): LiveResult<T> {
	return liveQuery(query);
}
