/**
 * The pull rebase (SYNC §4.5 step 2): pending outbox mutations are re-applied over the server's
 * rows through the same `MUTATIONS[name].apply` the tab used, so local state = server ⊕ pending.
 * Runs inside the caller's rw transaction; never writes the outbox.
 */
import type { OutboxEntry, StudioDB } from '../db/database';
import { MUTATIONS, mutationTargets } from '../db/mutations/mutate';

interface RebaseDef {
	schema: { safeParse(args: unknown): { success: boolean; data?: unknown } };
	apply(db: StudioDB, args: unknown, now: number): Promise<unknown>;
}

/** `entity:id`, the form pages and targets are compared in. */
export const refKey = (entity: string, id: string) => `${entity}:${id}`;

/**
 * Re-applies, in mid order, the pending entries that touch an overwritten row (`overwritten` holds
 * {@link refKey}s), or every pending entry when `overwritten` is 'all' (after a reset). An entry
 * that no longer applies (its row was discarded, or it now conflicts) is skipped: the relay will
 * answer it through push. Returns how many were re-applied.
 */
export async function rebase(
	db: StudioDB,
	pending: OutboxEntry[],
	overwritten: Set<string> | 'all'
): Promise<number> {
	let applied = 0;
	for (const entry of pending) {
		const def = (MUTATIONS as Record<string, RebaseDef | undefined>)[entry.name];
		if (!def) continue;
		if (
			overwritten !== 'all' &&
			!mutationTargets(entry.name, entry.args).some((t) => overwritten.has(refKey(t.entity, t.id)))
		)
			continue;
		const parsed = def.schema.safeParse(entry.args);
		if (!parsed.success) continue;
		try {
			await def.apply(db, parsed.data, entry.createdAt);
			applied++;
		} catch {
			// Skipped on purpose (see above); the row shows the server's state.
		}
	}
	return applied;
}
