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

/** Appends one entry with the next mid; returns the mid. Call only inside the mutation transaction. */
export async function appendOutbox(db: StudioDB, name: string, args: unknown, now: number): Promise<number> {
	const stored = (await db.meta.get(NEXT_MID_KEY))?.value;
	const mid = typeof stored === 'number' && Number.isInteger(stored) && stored > 0 ? stored : 1;
	await db.outbox.add({ mid, name, args, createdAt: now, attempts: 0, lastError: null });
	await db.meta.put({ key: NEXT_MID_KEY, value: mid + 1 });
	return mid;
}

/** Pending entries in mid order (what a push would send next). */
export function listOutbox(db: StudioDB): Promise<OutboxEntry[]> {
	return db.outbox.orderBy('mid').toArray();
}
