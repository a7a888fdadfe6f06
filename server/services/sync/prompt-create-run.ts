/**
 * A run of `prompt.create` mutations in one push (an import or a first sync sends thousands)
 * applied with a few bulk statements instead of several per prompt. Same outcome as applying them
 * one by one: new ids are inserted together; an id that exists, or repeats within the run, goes
 * through the ordinary handler afterwards, in mid order (a patch of the row inserted first).
 */
import { uuidv7 } from '#shared/ids';
import { PromptCreateArgsSchema } from '#shared/mutations/prompt.args';
import type { PushMutation } from '#shared/schemas/sync';
import type { Db } from '../../db/client';
import { insertNewPrompts, type NewPrompt } from '../../db/repositories/sync/prompts.repository';

/** Who pushed, as the handlers get it. */
interface Pusher {
	userId: string;
	clientId: string;
	now: number;
}

/** Fewer than this many creates in a row are not worth the bulk path. */
export const MIN_BULK_RUN = 4;

/**
 * Inserts the new prompts of `run` (consecutive `prompt.create` mutations, in mid order) in bulk.
 * Returns the mutations still to apply one by one: invalid ones (so they are refused as usual),
 * ids that already existed and repeats of an id within the run.
 */
export async function insertCreateRun(
	db: Db,
	who: Pusher,
	run: PushMutation[]
): Promise<Set<number>> {
	const individually = new Set<number>();
	const items: NewPrompt[] = [];
	const seen = new Set<string>();
	for (const mutation of run) {
		const parsed = PromptCreateArgsSchema.safeParse(mutation.args);
		if (!parsed.success || seen.has(parsed.data.id)) {
			individually.add(mutation.mid);
			continue;
		}
		const { id, tags, usageCount, lastUsedAt, createdAt, updatedAt, ...fields } = parsed.data;
		seen.add(id);
		const created = createdAt ?? who.now;
		items.push({
			row: {
				userId: who.userId,
				id,
				...fields,
				createdAt: created,
				updatedAt: updatedAt ?? created
			},
			tags,
			usage: usageCount > 0 || lastUsedAt !== null ? { by: usageCount, at: lastUsedAt } : null,
			revisionId: uuidv7(who.now),
			mid: mutation.mid
		});
	}
	const existing = await insertNewPrompts(db, items, who);
	for (const item of items) if (existing.has(item.row.id)) individually.add(item.mid);
	return individually;
}
