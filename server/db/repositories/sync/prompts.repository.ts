/**
 * Prompt rows and their satellites on the relay: tags (set rows), the usage counter (increments)
 * and body revisions (last REVISIONS_KEPT). Any change to a satellite re-stamps the prompt row
 * (`touchPrompt`) so pull re-sends the prompt with its embedded tags and usage.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../client';
import { promptCounters, promptRevisions, prompts, promptTags } from '../../schema/index';
import { rowsOf } from '../../rows';

/** Body revisions kept per prompt; older ones are pruned when a new one lands. */
export const REVISIONS_KEPT = 20;

export type PromptInsert = typeof prompts.$inferInsert;

/**
 * Inserts a new prompt and its first body revision in one statement (a push applies thousands per
 * second); false, writing nothing, when the id exists.
 */
export async function insertPrompt(
	db: Db,
	row: PromptInsert & { title: string; text: string },
	revision: { id: string; clientId: string; mid: number; now: number }
): Promise<boolean> {
	const params =
		row.params === null || row.params === undefined ? null : JSON.stringify(row.params);
	const result = await db.execute(sql`with added as (
			insert into ${prompts} (user_id, id, title, text, negative_prompt, category, favourite, model, params, created_at, updated_at)
			values (${row.userId}, ${row.id}, ${row.title}, ${row.text}, ${row.negativePrompt ?? ''}, ${row.category ?? ''}, ${row.favourite ?? false},
				${row.model ?? null}, ${params}::jsonb, ${row.createdAt}, ${row.updatedAt})
			on conflict do nothing returning user_id, id, text
		)
		insert into ${promptRevisions} (user_id, id, prompt_id, text, client_id, mid, created_at)
		select user_id, ${revision.id}, id, text, ${revision.clientId}, ${revision.mid}, ${revision.now} from added
		returning 1 as one`);
	return rowsOf<{ one: number }>(result).length > 0;
}

/** Re-stamps a live prompt (its seq moves; pull re-sends it). False when it is not live. */
export async function touchPrompt(
	db: Db,
	userId: string,
	id: string,
	now: number
): Promise<boolean> {
	const rows = await db
		.update(prompts)
		.set({ updatedAt: now })
		.where(
			and(
				eq(prompts.userId, userId),
				eq(prompts.id, id),
				isNull(prompts.deletedAt),
				isNull(prompts.discardedAt)
			)
		)
		.returning({ id: prompts.id });
	return rows.length > 0;
}

/** The prompt's current tags. */
export async function liveTags(db: Db, userId: string, promptId: string): Promise<string[]> {
	const rows = await db
		.select({ tag: promptTags.tag })
		.from(promptTags)
		.where(
			and(
				eq(promptTags.userId, userId),
				eq(promptTags.promptId, promptId),
				isNull(promptTags.deletedAt)
			)
		);
	return rows.map((r) => r.tag);
}

/** Adds tags (reviving removed ones); returns how many changed. */
export async function addTags(
	db: Db,
	userId: string,
	promptId: string,
	tags: string[]
): Promise<number> {
	if (tags.length === 0) return 0;
	const rows = await db
		.insert(promptTags)
		.values(tags.map((tag) => ({ userId, promptId, tag, deletedAt: null })))
		.onConflictDoUpdate({
			target: [promptTags.userId, promptTags.promptId, promptTags.tag],
			set: { deletedAt: null },
			setWhere: sql`${promptTags.deletedAt} is not null`
		})
		.returning({ tag: promptTags.tag });
	return rows.length;
}

/** Removes a tag (a tombstone row); false when it was not on the prompt. */
export async function removeTag(
	db: Db,
	userId: string,
	promptId: string,
	tag: string,
	now: number
): Promise<boolean> {
	const rows = await db
		.update(promptTags)
		.set({ deletedAt: now })
		.where(
			and(
				eq(promptTags.userId, userId),
				eq(promptTags.promptId, promptId),
				eq(promptTags.tag, tag),
				isNull(promptTags.deletedAt)
			)
		)
		.returning({ tag: promptTags.tag });
	return rows.length > 0;
}

/**
 * prompt.bumpUsage in one statement: re-stamps the prompt (unless discarded) and adds `by` to its
 * counter. False, writing nothing, when there is no such prompt to count.
 */
export async function bumpKeptPrompt(
	db: Db,
	input: { userId: string; promptId: string; by: number; now: number }
): Promise<boolean> {
	const result = await db.execute(sql`with touched as (
			update ${prompts} set updated_at = ${input.now}
			where user_id = ${input.userId} and id = ${input.promptId} and discarded_at is null returning user_id, id
		)
		insert into ${promptCounters} as c (user_id, prompt_id, usage_count, last_used_at)
		select user_id, id, ${input.by}, ${input.now} from touched
		on conflict (user_id, prompt_id) do update
			set usage_count = c.usage_count + excluded.usage_count, last_used_at = greatest(c.last_used_at, excluded.last_used_at)
		returning 1 as one`);
	return rowsOf<{ one: number }>(result).length > 0;
}

/** usage_count += by (increments commute, so two devices' bumps add up). */
export async function bumpUsage(
	db: Db,
	input: { userId: string; promptId: string; by: number; at: number | null }
): Promise<void> {
	await db
		.insert(promptCounters)
		.values({
			userId: input.userId,
			promptId: input.promptId,
			usageCount: input.by,
			lastUsedAt: input.at
		})
		.onConflictDoUpdate({
			target: [promptCounters.userId, promptCounters.promptId],
			set: {
				usageCount: sql`${promptCounters.usageCount} + ${input.by}`,
				lastUsedAt: sql`greatest(${promptCounters.lastUsedAt}, excluded.last_used_at)`
			}
		});
}

/**
 * Appends a body revision and prunes older ones in the same statement: the DELETE sees the rows
 * from before the INSERT, so it keeps REVISIONS_KEPT - 1 of them beside the new one.
 */
export async function addRevision(db: Db, row: typeof promptRevisions.$inferInsert): Promise<void> {
	await db.execute(sql`with added as (
			insert into ${promptRevisions} (user_id, id, prompt_id, text, client_id, mid, created_at)
			values (${row.userId}, ${row.id}, ${row.promptId}, ${row.text}, ${row.clientId ?? null}, ${row.mid ?? null}, ${row.createdAt})
			on conflict do nothing returning 1
		)
		delete from ${promptRevisions} where user_id = ${row.userId} and prompt_id = ${row.promptId} and seq < (
			select seq from ${promptRevisions} where user_id = ${row.userId} and prompt_id = ${row.promptId}
			order by seq desc offset ${REVISIONS_KEPT - 2} limit 1
		)`);
}

/** A prompt's body history, newest first. */
export function listRevisions(db: Db, userId: string, promptId: string) {
	return db
		.select({
			id: promptRevisions.id,
			text: promptRevisions.text,
			seq: promptRevisions.seq,
			createdAt: promptRevisions.createdAt
		})
		.from(promptRevisions)
		.where(and(eq(promptRevisions.userId, userId), eq(promptRevisions.promptId, promptId)))
		.orderBy(desc(promptRevisions.seq));
}

/** A new prompt of a bulk create, with what comes with it. */
export interface NewPrompt {
	row: PromptInsert & { title: string; text: string };
	tags: string[];
	usage: { by: number; at: number | null } | null;
	revisionId: string;
	mid: number;
}

/**
 * Inserts many new prompts at once (a run of prompt.create in one push: imports, first syncs):
 * one statement each for the rows, their first revisions, tags and counters. Ids that already
 * exist are skipped and returned, so the caller applies those one by one (as patches).
 */
export async function insertNewPrompts(
	db: Db,
	items: NewPrompt[],
	who: { clientId: string; now: number }
): Promise<Set<string>> {
	if (items.length === 0) return new Set();
	const inserted = await db
		.insert(prompts)
		.values(
			items.map((item) => ({
				...item.row,
				negativePrompt: item.row.negativePrompt ?? '',
				category: item.row.category ?? ''
			}))
		)
		.onConflictDoNothing()
		.returning({ id: prompts.id });
	const fresh = new Set(inserted.map((r) => r.id));
	const added = items.filter((item) => fresh.has(item.row.id));
	if (added.length) {
		await db.insert(promptRevisions).values(
			added.map((item) => ({
				userId: item.row.userId,
				id: item.revisionId,
				promptId: item.row.id,
				text: item.row.text,
				clientId: who.clientId,
				mid: item.mid,
				createdAt: who.now
			}))
		);
	}
	const tags = added.flatMap((item) =>
		item.tags.map((tag) => ({
			userId: item.row.userId,
			promptId: item.row.id,
			tag,
			deletedAt: null
		}))
	);
	if (tags.length) await db.insert(promptTags).values(tags).onConflictDoNothing();
	const counters = added.flatMap((item) =>
		item.usage
			? [
					{
						userId: item.row.userId,
						promptId: item.row.id,
						usageCount: item.usage.by,
						lastUsedAt: item.usage.at
					}
				]
			: []
	);
	if (counters.length) await db.insert(promptCounters).values(counters).onConflictDoNothing();
	return new Set(items.filter((item) => !fresh.has(item.row.id)).map((item) => item.row.id));
}
