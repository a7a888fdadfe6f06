/**
 * The only write path to synced tables: `mutate(db, [{ name, args }])` validates every mutation,
 * then applies them and appends their outbox entries in one Dexie transaction (see
 * [Note: Outbox in the same transaction] in outbox.ts). Either all of them land, with their
 * entries, or none of them and no entry.
 */
import type { Table } from 'dexie';
import type { z } from 'zod';
import type { StudioDB } from '../database';
import { guardStorage } from '../storage-errors';
import { OutboxWriter } from './outbox';
import { collectionMutations } from './collection.mutations';
import { imageMutations } from './image.mutations';
import { itemMutations } from './item.mutations';
import { jobMutations } from './job.mutations';
import { promptMutations } from './prompt.mutations';
import { MutationError, type MutationTarget } from './types';

/** Every mutation this client can make, by name (the names of MUTATION_NAMES in shared/schemas/sync.ts). */
export const MUTATIONS = {
	...promptMutations,
	...imageMutations,
	...collectionMutations,
	...jobMutations,
	...itemMutations
};

export type MutationName = keyof typeof MUTATIONS;
/** The arguments of a mutation as callers write them (defaults may be left out). */
export type MutationArgs<N extends MutationName> = z.input<(typeof MUTATIONS)[N]['schema']>;
/** One call, e.g. `{ name: 'tag.add', args: { promptId, tag } }`. */
export type Mutation = { [N in MutationName]: { name: N; args: MutationArgs<N> } }[MutationName];

/** A definition seen without its argument type (the runner has validated the arguments). */
interface AnyMutationDef {
	schema: z.ZodType;
	tables: (db: StudioDB) => Table[];
	targets(args: unknown): MutationTarget[];
	apply(db: StudioDB, args: unknown, now: number): Promise<unknown>;
	applyMany?(db: StudioDB, args: unknown[], now: number): Promise<unknown[]>;
}

/** What {@link mutate} did: the mids recorded (no-ops record none). */
export interface MutateResult {
	mids: number[];
}

/**
 * Applies mutations in order, atomically, each with its outbox entry.
 * @throws {MutationError} when arguments are invalid or a target row is missing or deleted
 *   (nothing is written).
 * @throws {StorageFullError} when the device is out of space (nothing is written).
 */
export async function mutate(
	db: StudioDB,
	mutations: Mutation[],
	now: number = Date.now()
): Promise<MutateResult> {
	const parsed = mutations.map(({ name, args }) => {
		const def = MUTATIONS[name] as unknown as AnyMutationDef | undefined;
		if (!def) throw new MutationError(String(name), 'INVALID', 'Unknown mutation');
		const result = def.schema.safeParse(args);
		if (!result.success)
			throw new MutationError(
				name,
				'INVALID',
				result.error.issues.map((issue) => issue.message).join('; ')
			);
		return { name, def, args: result.data };
	});
	if (parsed.length === 0) return { mids: [] };
	const tables = new Set([db.outbox, db.meta, ...parsed.flatMap(({ def }) => def.tables(db))]);
	return guardStorage(() =>
		db.transaction('rw', [...tables], async () => {
			const outbox = new OutboxWriter(db);
			await outbox.open();
			const mids: number[] = [];
			for (let start = 0; start < parsed.length;) {
				const { name, def } = parsed[start];
				// A run of the same mutation goes through its bulk form when it has one.
				let end = start + 1;
				if (def.applyMany) while (end < parsed.length && parsed[end].name === name) end++;
				const args = parsed.slice(start, end).map((m) => m.args);
				const recordedList = def.applyMany
					? await def.applyMany(db, args, now)
					: [await def.apply(db, args[0], now)];
				for (const recorded of recordedList)
					if (recorded !== null) mids.push(outbox.append(name, recorded, now));
				start = end;
			}
			await outbox.flush();
			return { mids };
		})
	);
}

/**
 * The rows a recorded mutation touches (for the pull rebase); [] for an unknown name or
 * arguments that no longer parse (such an entry cannot be re-applied anyway).
 */
export function mutationTargets(name: string, args: unknown): MutationTarget[] {
	const def = (MUTATIONS as Record<string, AnyMutationDef | undefined>)[name];
	const parsed = def?.schema.safeParse(args);
	return def && parsed?.success ? def.targets(parsed.data) : [];
}

/** {@link mutate} for a single mutation. */
export function mutateOne<N extends MutationName>(
	db: StudioDB,
	name: N,
	args: MutationArgs<N>,
	now?: number
): Promise<MutateResult> {
	return mutate(db, [{ name, args } as Mutation], now);
}

export { MutationError } from './types';
