/**
 * prompt.* / tag.* / prompt.bumpUsage on the relay (SYNC §4.7): per-field LWW in server order (a
 * patch writes only its fields), delete wins until restore, create of an existing id is a patch,
 * tags are set rows, usage increments, and every body change appends a revision.
 */
import { uuidv7 } from '#shared/ids';
import {
	BumpUsageArgsSchema,
	MAX_TAGS,
	PromptCreateArgsSchema,
	PromptIdArgsSchema,
	PromptPatchArgsSchema,
	TagArgsSchema
} from '#shared/mutations/prompt.args';
import {
	discardRow,
	rowState,
	setTrashed,
	updateLiveRow
} from '../../db/repositories/sync/trash.repository';
import {
	addRevision,
	addTags,
	bumpKeptPrompt,
	bumpUsage,
	insertPrompt,
	liveTags,
	removeTag,
	touchPrompt
} from '../../db/repositories/sync/prompts.repository';
import {
	defineHandler,
	MutationRejected,
	notLive,
	type MutationContext,
	type MutationHandler
} from './mutation-context';

async function refusal(ctx: MutationContext, id: string): Promise<MutationRejected> {
	return notLive(await rowState(ctx.db, 'prompt', ctx.userId, id), 'prompt');
}

async function revision(ctx: MutationContext, promptId: string, text: string): Promise<void> {
	await addRevision(ctx.db, {
		userId: ctx.userId,
		id: uuidv7(ctx.now),
		promptId,
		text,
		clientId: ctx.clientId,
		mid: ctx.mid,
		createdAt: ctx.now
	});
}

async function patchFields(
	ctx: MutationContext,
	id: string,
	fields: Record<string, unknown>
): Promise<void> {
	if (!(await updateLiveRow(ctx.db, 'prompt', ctx.userId, id, { ...fields, updatedAt: ctx.now })))
		throw await refusal(ctx, id);
	if (typeof fields.text === 'string') await revision(ctx, id, fields.text);
}

/** Refuses (before writing anything) when the new tags would pass MAX_TAGS. */
async function assertTagRoom(
	ctx: MutationContext,
	promptId: string,
	tags: string[]
): Promise<void> {
	const live = new Set(await liveTags(ctx.db, ctx.userId, promptId));
	const after = live.size + tags.filter((t) => !live.has(t)).length;
	if (after > MAX_TAGS)
		throw new MutationRejected('INVALID', `A prompt has at most ${MAX_TAGS} tags.`);
}

/** prompt.*, tag.* and prompt.bumpUsage by name. */
export const promptHandlers: Record<string, MutationHandler> = {
	'prompt.create': defineHandler(PromptCreateArgsSchema, async (ctx, args) => {
		const { id, tags, usageCount, lastUsedAt: usedAt, createdAt, updatedAt, ...fields } = args;
		// Times from a file or a device are kept for sorting, but a clock that runs ahead cannot date a row in the future.
		const notAfterNow = (at: number | undefined) =>
			at === undefined ? undefined : Math.min(at, ctx.now);
		const lastUsedAt = usedAt === null ? null : Math.min(usedAt, ctx.now);
		const row = {
			userId: ctx.userId,
			id,
			...fields,
			createdAt: notAfterNow(createdAt) ?? ctx.now,
			updatedAt: notAfterNow(updatedAt ?? createdAt) ?? ctx.now
		};
		const inserted = await insertPrompt(ctx.db, row, {
			id: uuidv7(ctx.now),
			clientId: ctx.clientId,
			mid: ctx.mid,
			now: ctx.now
		});
		if (!inserted) {
			// A resend after a lost ack, or the same id from an import: the fields win as a patch.
			if (tags.length) await assertTagRoom(ctx, id, tags);
			await patchFields(ctx, id, fields);
			await addTags(ctx.db, ctx.userId, id, tags);
			return;
		}
		await addTags(ctx.db, ctx.userId, id, tags);
		if (usageCount > 0 || lastUsedAt !== null)
			await bumpUsage(ctx.db, { userId: ctx.userId, promptId: id, by: usageCount, at: lastUsedAt });
	}),
	'prompt.patch': defineHandler(PromptPatchArgsSchema, (ctx, args) =>
		patchFields(ctx, args.id, args.fields)
	),
	'prompt.delete': defineHandler(PromptIdArgsSchema, async (ctx, { id }) => {
		if (await setTrashed(ctx.db, 'prompt', { userId: ctx.userId, id }, true, ctx.now)) return;
		// Already in the Trash or discarded: deleting again changes nothing.
		if ((await rowState(ctx.db, 'prompt', ctx.userId, id)) === 'missing')
			throw notLive('missing', 'prompt');
	}),
	'prompt.restore': defineHandler(PromptIdArgsSchema, async (ctx, { id }) => {
		if (await setTrashed(ctx.db, 'prompt', { userId: ctx.userId, id }, false, ctx.now)) return;
		const state = await rowState(ctx.db, 'prompt', ctx.userId, id);
		if (state !== 'live') throw notLive(state, 'prompt');
	}),
	'prompt.discard': defineHandler(PromptIdArgsSchema, async (ctx, { id }) => {
		if (await discardRow(ctx.db, 'prompt', { userId: ctx.userId, id }, ctx.now)) return;
		if ((await rowState(ctx.db, 'prompt', ctx.userId, id)) === 'missing')
			throw notLive('missing', 'prompt');
	}),
	'tag.add': defineHandler(TagArgsSchema, async (ctx, { promptId, tag }) => {
		await assertTagRoom(ctx, promptId, [tag]);
		if (!(await touchPrompt(ctx.db, ctx.userId, promptId, ctx.now)))
			throw await refusal(ctx, promptId);
		await addTags(ctx.db, ctx.userId, promptId, [tag]);
	}),
	'tag.remove': defineHandler(TagArgsSchema, async (ctx, { promptId, tag }) => {
		if (!(await touchPrompt(ctx.db, ctx.userId, promptId, ctx.now)))
			throw await refusal(ctx, promptId);
		await removeTag(ctx.db, ctx.userId, promptId, tag, ctx.now);
	}),
	'prompt.bumpUsage': defineHandler(BumpUsageArgsSchema, async (ctx, { id, by }) => {
		// Usage counts even while the prompt sits in the Trash; only a discarded one is gone.
		if (!(await bumpKeptPrompt(ctx.db, { userId: ctx.userId, promptId: id, by, now: ctx.now })))
			throw await refusal(ctx, id);
	})
};
