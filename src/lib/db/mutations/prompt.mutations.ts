/**
 * The prompt and tag mutations (SYNC §4.4, rules of §4.7): each validates its arguments and
 * applies its optimistic effect to the local row. `apply` returns the arguments to record in the
 * outbox, or null when the mutation changes nothing (then nothing is recorded).
 * The future pull rebase re-applies pending mutations through the same `apply` functions.
 */
import type { z } from 'zod';
import type { PromptRow } from '../../shared/schemas/rows';
import type { StudioDB } from '../database';
import {
	BumpUsageArgsSchema,
	MAX_TAGS,
	PromptCreateArgsSchema,
	PromptIdArgsSchema,
	PromptPatchArgsSchema,
	TagArgsSchema
} from '../../shared/mutations/prompt.args';
import { MutationError, type MutationDef } from './types';

/** The stored row, tombstone or not; a mutation on an unknown id is refused. */
async function storedRow(db: StudioDB, name: string, id: string): Promise<PromptRow> {
	const row = await db.prompts.get(id);
	if (!row) throw new MutationError(name, 'NOT_FOUND', `No prompt ${id}`);
	return row;
}

async function liveRow(db: StudioDB, name: string, id: string): Promise<PromptRow> {
	const row = await storedRow(db, name, id);
	// Delete wins: only prompt.restore revives a tombstoned row (SYNC §4.7).
	if (row.deletedAt !== null)
		throw new MutationError(name, 'DELETED', `Prompt ${id} is in the trash`);
	return row;
}

const tables = (db: StudioDB) => [db.prompts];
const promptTarget = (args: { id: string }) => [{ entity: 'prompt' as const, id: args.id }];
/** A tag lives in its prompt's row on the device (and re-stamps it on the relay). */
const tagTarget = (args: { promptId: string }) => [
	{ entity: 'prompt' as const, id: args.promptId }
];

/** prompt.create for many at once: one read of the ids, one bulk insert of the new rows. */
async function createMany(
	db: StudioDB,
	list: z.output<typeof PromptCreateArgsSchema>[],
	now: number
): Promise<unknown[]> {
	const existing = await db.prompts.bulkGet(list.map((args) => args.id));
	const fresh = new Map<string, PromptRow>();
	const recordedList: unknown[] = [];
	for (const [i, args] of list.entries()) {
		const recorded = {
			...args,
			createdAt: args.createdAt ?? now,
			updatedAt: args.updatedAt ?? args.createdAt ?? now
		};
		const {
			id,
			usageCount: _seedOnly,
			createdAt: _created,
			lastUsedAt: _used,
			...fields
		} = recorded;
		const row = existing[i];
		const earlier = fresh.get(id);
		if (row) {
			// An existing id is a patch of its fields; a tombstoned row stays deleted (SYNC §4.7).
			if (row.deletedAt !== null) {
				recordedList.push(null);
				continue;
			}
			await db.prompts.update(id, { ...fields, updatedAt: now });
		} else if (earlier) {
			fresh.set(id, { ...earlier, ...fields, updatedAt: now });
		} else {
			fresh.set(id, { ...recorded, deletedAt: null, discardedAt: null });
		}
		recordedList.push(recorded);
	}
	await db.prompts.bulkAdd([...fresh.values()]);
	return recordedList;
}

export const promptMutations = {
	/** Creates a prompt; an existing id is treated as a patch of its fields (idempotent resend). */
	'prompt.create': {
		schema: PromptCreateArgsSchema,
		tables,
		targets: promptTarget,
		async apply(db, args, now) {
			return (await createMany(db, [args], now))[0];
		},
		applyMany: createMany
	} satisfies MutationDef<typeof PromptCreateArgsSchema>,

	/** Changes only the given fields (per-field last-writer-wins on the relay). */
	'prompt.patch': {
		schema: PromptPatchArgsSchema,
		tables,
		targets: promptTarget,
		async apply(db, args, now) {
			const row = await liveRow(db, 'prompt.patch', args.id);
			const changed = Object.fromEntries(
				Object.entries(args.fields).filter(
					([key, value]) => JSON.stringify(row[key as keyof PromptRow]) !== JSON.stringify(value)
				)
			);
			if (Object.keys(changed).length === 0) return null;
			await db.prompts.update(args.id, { ...changed, updatedAt: now });
			return { id: args.id, fields: changed };
		}
	} satisfies MutationDef<typeof PromptPatchArgsSchema>,

	/** Moves a prompt to the trash (a tombstone; undo = prompt.restore). */
	'prompt.delete': {
		schema: PromptIdArgsSchema,
		tables,
		targets: promptTarget,
		async apply(db, args, now) {
			const row = await storedRow(db, 'prompt.delete', args.id);
			if (row.deletedAt !== null) return null;
			await db.prompts.update(args.id, { deletedAt: now, discardedAt: null });
			return args;
		}
	} satisfies MutationDef<typeof PromptIdArgsSchema>,

	/** Takes a prompt out of the trash. */
	'prompt.restore': {
		schema: PromptIdArgsSchema,
		tables,
		targets: promptTarget,
		async apply(db, args, now) {
			const row = await storedRow(db, 'prompt.restore', args.id);
			if (row.deletedAt === null) return null;
			await db.prompts.update(args.id, { deletedAt: null, discardedAt: null, updatedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof PromptIdArgsSchema>,

	/**
	 * Empties a trashed prompt out of the trash. The tombstone stays so every device learns of
	 * the delete; the relay's purge job removes it later (SYNC §4.8).
	 */
	'prompt.discard': {
		schema: PromptIdArgsSchema,
		tables,
		targets: promptTarget,
		async apply(db, args, now) {
			const row = await storedRow(db, 'prompt.discard', args.id);
			if (row.deletedAt === null || row.discardedAt != null) return null;
			await db.prompts.update(args.id, { discardedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof PromptIdArgsSchema>,

	/** Adds a tag (set semantics: adding a present tag changes nothing). */
	'tag.add': {
		schema: TagArgsSchema,
		tables,
		targets: tagTarget,
		async apply(db, args, now) {
			const row = await liveRow(db, 'tag.add', args.promptId);
			if (row.tags.includes(args.tag)) return null;
			if (row.tags.length >= MAX_TAGS)
				throw new MutationError('tag.add', 'INVALID', `At most ${MAX_TAGS} tags`);
			await db.prompts.update(args.promptId, { tags: [...row.tags, args.tag], updatedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof TagArgsSchema>,

	/** Removes a tag (a tombstone of the tag row on the relay). */
	'tag.remove': {
		schema: TagArgsSchema,
		tables,
		targets: tagTarget,
		async apply(db, args, now) {
			const row = await liveRow(db, 'tag.remove', args.promptId);
			if (!row.tags.includes(args.tag)) return null;
			await db.prompts.update(args.promptId, {
				tags: row.tags.filter((tag) => tag !== args.tag),
				updatedAt: now
			});
			return args;
		}
	} satisfies MutationDef<typeof TagArgsSchema>,

	/** Counts uses: an increment, never a max or an overwrite, so devices' uses add up. */
	'prompt.bumpUsage': {
		schema: BumpUsageArgsSchema,
		tables,
		targets: promptTarget,
		async apply(db, args, now) {
			const row = await liveRow(db, 'prompt.bumpUsage', args.id);
			await db.prompts.update(args.id, { usageCount: row.usageCount + args.by, lastUsedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof BumpUsageArgsSchema>
};
