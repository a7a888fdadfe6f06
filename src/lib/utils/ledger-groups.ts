/**
 * Groups a credit history for showing: the charges (or refunds) of one job — a batch, or Generate
 * ×4 — listed one after another become one row with their total, which expands to the single
 * entries. Grants, redeems and entries of no known job stay rows of their own. Pure.
 */

/** The ledger fields grouping looks at. */
export interface GroupableEntry {
	id: string;
	kind: string;
	amount: number;
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

const GROUPED_KINDS = new Set(['charge', 'refund']);

/**
 * Groups `entries` (newest first) into runs of same-kind charges or refunds of the same job.
 * @param jobOf the job an entry belongs to (from its generation id), or null when unknown.
 */
export function groupLedger<E extends GroupableEntry>(
	entries: readonly E[],
	jobOf: (entry: E) => string | null
): LedgerGroup<E>[] {
	const groups: LedgerGroup<E>[] = [];
	let lastJob: string | null = null;
	for (const entry of entries) {
		const last = groups.at(-1);
		const job = GROUPED_KINDS.has(entry.kind) ? jobOf(entry) : null;
		if (last && job !== null && job === lastJob && last.kind === entry.kind) {
			last.entries.push(entry);
			last.amount += entry.amount;
		} else {
			groups.push({
				id: entry.id,
				kind: entry.kind,
				entries: [entry],
				amount: entry.amount,
				createdAt: entry.createdAt
			});
		}
		lastJob = job;
	}
	return groups;
}
