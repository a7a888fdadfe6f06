/**
 * The pull rebase (SYNC §4.5 step 2): pending outbox mutations are re-applied over the server's
 * rows through the same `MUTATIONS[name].apply` the tab used, so local state = server ⊕ pending.
 * Runs inside the caller's rw transaction; never writes the outbox.
 */
import type { OutboxEntry, StudioDB } from '../db/database';
import { MUTATIONS } from '../db/mutations/mutate';
import type { MutationTarget } from '../db/mutations/types';
import type { Entity } from '../shared/schemas/sync';

interface RebaseDef {
	schema: { safeParse(args: unknown): { success: boolean; data?: unknown } };
	targets?(args: unknown): MutationTarget[];
	apply(db: StudioDB, args: unknown, now: number): Promise<unknown>;
}

const ENTITY_BY_PREFIX: Record<string, Entity> = {
	prompt: 'prompt',
	tag: 'prompt',
	image: 'image',
	collection: 'collection',
	job: 'job',
	item: 'jobItem'
};

/** `entity:id`, the form pages and targets are compared in. */
export const refKey = (entity: string, id: string) => `${entity}:${id}`;

/**
 * The rows a mutation touches: its own `targets` when it declares them, else the row named by its
 * `id` / `promptId` argument (enough for the prompt and tag mutations).
 */
export function targetsOf(name: string, args: unknown): MutationTarget[] {
	const def = (MUTATIONS as Record<string, RebaseDef | undefined>)[name];
	if (def?.targets) {
		const parsed = def.schema.safeParse(args);
		return parsed.success ? def.targets(parsed.data) : [];
	}
	const entity = ENTITY_BY_PREFIX[name.split('.')[0]];
	const { id, promptId } = (args ?? {}) as { id?: unknown; promptId?: unknown };
	const target = name.startsWith('tag.') ? promptId : id;
	return entity && typeof target === 'string' ? [{ entity, id: target }] : [];
}

/**
 * Re-applies, in mid order, the pending entries that touch an overwritten row (`overwritten` holds
 * {@link refKey}s), or every pending entry when `overwritten` is 'all' (after a reset). An entry
 * that no longer applies (its row was discarded, or it now conflicts) is skipped: the relay will
 * answer it through push. Returns how many were re-applied.
 */
export async function rebase(db: StudioDB, pending: OutboxEntry[], overwritten: Set<string> | 'all'): Promise<number> {
	let applied = 0;
	for (const entry of pending) {
		const def = (MUTATIONS as Record<string, RebaseDef | undefined>)[entry.name];
		if (!def) continue;
		if (overwritten !== 'all' && !targetsOf(entry.name, entry.args).some((t) => overwritten.has(refKey(t.entity, t.id)))) continue;
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
