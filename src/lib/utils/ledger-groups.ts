/**
 * Groups a credit history for showing: a run of charges (or refunds) made close together — a
 * batch, or Generate ×4 — becomes one row with its total, which expands to the single entries.
 * Grants, redeems and anything with its own reason stay rows of their own. Pure.
 */

/** The ledger fields grouping looks at. */
export interface GroupableEntry {
	id: string;
	kind: string;
	amount: number;
	reason: string | null;
	createdAt: number;
}

export interface LedgerGroup<E extends GroupableEntry> {
	/** The first entry's id: stable while pages load. */
	id: string;
	kind: string;
	/** Newest first, as the history lists them. */
	entries: E[];
	amount: number;
	/** The newest entry's time. */
	createdAt: number;
}

/** Entries further apart than this start a new group (a batch runs with no long gaps). */
export const GROUP_GAP_MS = 10 * 60_000;
const GROUPED_KINDS = new Set(['charge', 'refund']);

/** Groups `entries` (newest first) into runs of same-kind charges or refunds. */
export function groupLedger<E extends GroupableEntry>(entries: readonly E[]): LedgerGroup<E>[] {
	const groups: LedgerGroup<E>[] = [];
	for (const entry of entries) {
		const last = groups.at(-1);
		const previous = last?.entries.at(-1);
		const joins = !!last && !!previous && GROUPED_KINDS.has(entry.kind) && !entry.reason && last.kind === entry.kind
			&& !previous.reason && previous.createdAt - entry.createdAt <= GROUP_GAP_MS;
		if (joins && last) {
			last.entries.push(entry);
			last.amount += entry.amount;
		} else {
			groups.push({ id: entry.id, kind: entry.kind, entries: [entry], amount: entry.amount, createdAt: entry.createdAt });
		}
	}
	return groups;
}
