/**
 * The outbox half of a mutation: the gap-free `mid` counter in `meta` and the entry the sync
 * push will send (SYNC §4.3, §4.4). Must run inside a rw transaction that covers `outbox` and
 * `meta` as well as the rows the mutation changes.
 *
 * [Note: Outbox in the same transaction] IndexedDB serialises rw transactions on the same
 * tables, so reading and bumping `nextMid` here yields gap-free mids across tabs, and a failure
 * anywhere in the transaction rolls back the row change, the entry and the counter together.
 */
import type { OutboxEntry, StudioDB } from '../database';

/** The `meta` key of the next mutation id. */
export const NEXT_MID_KEY = 'nextMid';

/**
 * Collects the outbox entries of one transaction and writes them with the counter in one go
 * (two requests instead of three per mutation: imports of thousands stay fast).
 * Use only inside the mutation transaction: `open()`, `append()` per mutation, then `flush()`.
 */
export class OutboxWriter {
	#next = 1;
	#entries: OutboxEntry[] = [];

	constructor(private readonly db: StudioDB) {}

	async open(): Promise<void> {
		const stored = (await this.db.meta.get(NEXT_MID_KEY))?.value;
		this.#next = typeof stored === 'number' && Number.isInteger(stored) && stored > 0 ? stored : 1;
	}

	/** Takes the next mid for an entry; returns it. */
	append(name: string, args: unknown, now: number): number {
		const mid = this.#next++;
		this.#entries.push({ mid, name, args, createdAt: now, attempts: 0, lastError: null });
		return mid;
	}

	async flush(): Promise<void> {
		if (this.#entries.length === 0) return;
		await this.db.outbox.bulkAdd(this.#entries);
		await this.db.meta.put({ key: NEXT_MID_KEY, value: this.#next });
		this.#entries = [];
	}
}

/** Pending entries in mid order (what a push would send next). */
export function listOutbox(db: StudioDB): Promise<OutboxEntry[]> {
	return db.outbox.orderBy('mid').toArray();
}
