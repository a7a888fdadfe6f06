/**
 * Which rows of a table changed, from Dexie's global `storagemutated` event (fired after every
 * committed write in this tab, other tabs and workers; the same signal liveQuery uses). Lets a
 * large in-memory view re-read only the changed rows instead of the whole table.
 * @see https://dexie.org/docs/Dexie/Dexie.on.storagemutated
 */
import { Dexie, RangeSet, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { StudioDB } from './database';

/** Changed primary keys, or 'all' when Dexie only knows a range (clears, large bulk writes). */
export type TableChange = { kind: 'keys'; keys: string[] } | { kind: 'all' };

function changeOf(tree: IntervalTree): TableChange {
	const keys: string[] = [];
	for (const node of new RangeSet().add(tree) as Iterable<{ from: unknown; to: unknown }>) {
		if (typeof node.from !== 'string' || node.from !== node.to) return { kind: 'all' };
		keys.push(node.from);
	}
	return { kind: 'keys', keys };
}

/** Calls `listener` after each committed write that touched `table`. Returns the unsubscribe. */
export function watchTableChanges(
	db: StudioDB,
	table: string,
	listener: (change: TableChange) => void
): () => void {
	// The primary-key part of the table: `idb://<db>/<table>/` (empty index name).
	const part = `idb://${db.name}/${table}/`;
	const handler = (parts: ObservabilitySet) => {
		const tree = parts[part];
		if (tree) listener(changeOf(tree));
	};
	Dexie.on('storagemutated', handler);
	return () => Dexie.on('storagemutated').unsubscribe(handler);
}
