/**
 * job.* and item.* on the relay (SYNC §4.10): clients create and steer batches; the relay alone
 * moves items to submitted/done/failed. Transitions only go forward (conditional updates), and
 * job.claim is fenced by the claim epoch.
 */
import {
	ItemIdArgsSchema,
	ItemRetryArgsSchema,
	JobAddItemsArgsSchema,
	JobClaimArgsSchema,
	JobCreateArgsSchema,
	JobIdArgsSchema,
	JobPatchArgsSchema,
	type NewItemArgs
} from '#shared/mutations/job.args';
import type { GenerationParams } from '#shared/schemas/generate';
import { appError } from '../app-error';
import {
	claimJob,
	findItem,
	findJob,
	finishJobIfSettled,
	insertItems,
	insertJob,
	moveItems,
	unreadableHashes,
	updateJob,
	type JobRecord
} from '../../db/repositories/sync/jobs.repository';
import {
	defineHandler,
	MutationRejected,
	type MutationContext,
	type MutationHandler
} from './mutation-context';

type NewItem = Required<Pick<NewItemArgs, 'id' | 'index' | 'prompt'>> &
	Pick<NewItemArgs, 'params'> & { sourceHashes: string[]; label: string | null };

/** Source images must be readable before items point at them: retryable, so the client uploads and resends. */
async function requireSources(ctx: MutationContext, items: NewItem[]): Promise<void> {
	const missing = await unreadableHashes(
		ctx.db,
		ctx.userId,
		items.flatMap((i) => i.sourceHashes)
	);
	if (missing.length)
		throw appError(
			'SOURCE_IMAGE_MISSING',
			'A source image of this batch has not been uploaded yet.'
		);
}

async function addItems(
	ctx: MutationContext,
	job: Pick<JobRecord, 'id' | 'model' | 'params'>,
	items: NewItem[]
): Promise<void> {
	await insertItems(
		ctx.db,
		items.map((item) => ({
			userId: ctx.userId,
			id: item.id,
			jobId: job.id,
			itemIndex: item.index,
			prompt: item.prompt,
			params: item.params ?? (job.params as GenerationParams),
			model: job.model,
			sourceHashes: item.sourceHashes,
			label: item.label,
			state: 'queued' as const,
			imageIds: [],
			round: 0,
			createdAt: ctx.now,
			updatedAt: ctx.now
		}))
	);
}

async function existingJob(ctx: MutationContext, id: string): Promise<JobRecord> {
	const job = await findJob(ctx.db, ctx.userId, id);
	if (!job) throw new MutationRejected('NOT_FOUND', 'No such batch.');
	if (job.deletedAt !== null) throw new MutationRejected('DELETED', 'The batch was deleted.');
	return job;
}

async function cancelQueued(ctx: MutationContext, jobId: string): Promise<void> {
	await moveItems(ctx.db, { userId: ctx.userId, jobId }, ['queued'], {
		state: 'cancelled',
		finishedAt: ctx.now,
		updatedAt: ctx.now
	});
}

/** job.* and item.* by name. */
export const jobHandlers: Record<string, MutationHandler> = {
	'job.create': defineHandler(JobCreateArgsSchema, async (ctx, args) => {
		await requireSources(ctx, args.items);
		const row = {
			userId: ctx.userId,
			id: args.id,
			name: args.name,
			model: args.model,
			params: args.params,
			concurrency: args.concurrency,
			state: 'active' as const,
			sortOrder: args.order,
			kind: args.kind,
			ownerClientId: ctx.clientId,
			claimEpoch: 0,
			createdAt: args.createdAt,
			updatedAt: ctx.now
		};
		// A resend of a create that already landed only adds items that are not there yet.
		const job = (await insertJob(ctx.db, row)) ? row : await existingJob(ctx, args.id);
		await addItems(ctx, job, args.items);
	}),
	'job.addItems': defineHandler(JobAddItemsArgsSchema, async (ctx, args) => {
		const job = await existingJob(ctx, args.id);
		if (job.state === 'cancelled')
			throw new MutationRejected('CONFLICT', 'The batch was cancelled.');
		await requireSources(ctx, args.items);
		await addItems(ctx, job, args.items);
		if (job.state === 'done')
			await updateJob(
				ctx.db,
				{ userId: ctx.userId, id: job.id },
				{ state: 'active', updatedAt: ctx.now },
				['done']
			);
	}),
	'job.patch': defineHandler(JobPatchArgsSchema, async (ctx, { id, fields }) => {
		const job = await existingJob(ctx, id);
		const set: Partial<JobRecord> = {};
		if (fields.name !== undefined) set.name = fields.name;
		if (fields.order !== undefined) set.sortOrder = fields.order;
		// Pause/resume only steers an open batch; one that finished meanwhile stays finished.
		const open = job.state === 'active' || job.state === 'paused';
		if (fields.state !== undefined && open) set.state = fields.state;
		if (Object.keys(set).length === 0) return;
		await updateJob(
			ctx.db,
			{ userId: ctx.userId, id },
			{ ...set, updatedAt: ctx.now },
			open && set.state ? ['active', 'paused'] : undefined
		);
	}),
	'job.cancel': defineHandler(JobIdArgsSchema, async (ctx, { id }) => {
		await existingJob(ctx, id);
		await cancelQueued(ctx, id);
		await updateJob(
			ctx.db,
			{ userId: ctx.userId, id },
			{ state: 'cancelled', updatedAt: ctx.now },
			['active', 'paused']
		);
	}),
	'job.delete': defineHandler(JobIdArgsSchema, async (ctx, { id }) => {
		const job = await findJob(ctx.db, ctx.userId, id);
		if (!job) throw new MutationRejected('NOT_FOUND', 'No such batch.');
		if (job.deletedAt !== null) return;
		await cancelQueued(ctx, id);
		const state = job.state === 'active' || job.state === 'paused' ? 'cancelled' : job.state;
		await updateJob(
			ctx.db,
			{ userId: ctx.userId, id },
			{ state, deletedAt: ctx.now, updatedAt: ctx.now }
		);
	}),
	'job.claim': defineHandler(JobClaimArgsSchema, async (ctx, { id, epoch }) => {
		await existingJob(ctx, id);
		if (
			!(await claimJob(ctx.db, {
				userId: ctx.userId,
				id,
				epoch,
				clientId: ctx.clientId,
				now: ctx.now
			}))
		) {
			throw new MutationRejected('CONFLICT', 'Another device took over this batch first.');
		}
	}),
	'item.cancel': defineHandler(ItemIdArgsSchema, async (ctx, { id }) => {
		const item = await findItem(ctx.db, ctx.userId, id);
		if (!item) throw new MutationRejected('NOT_FOUND', 'No such item.');
		// Cancel beats queued only: a submitted item is at the provider and will finish.
		const moved = await moveItems(ctx.db, { userId: ctx.userId, id }, ['queued'], {
			state: 'cancelled',
			finishedAt: ctx.now,
			updatedAt: ctx.now
		});
		if (moved.length) await finishJobIfSettled(ctx.db, ctx.userId, item.jobId, ctx.now);
	}),
	'item.retry': defineHandler(ItemRetryArgsSchema, async (ctx, { id, requestId }) => {
		const item = await findItem(ctx.db, ctx.userId, id);
		if (!item) throw new MutationRejected('NOT_FOUND', 'No such item.');
		const job = await existingJob(ctx, item.jobId);
		if (job.state === 'cancelled')
			throw new MutationRejected('CONFLICT', 'The batch was cancelled.');
		const moved = await moveItems(
			ctx.db,
			{ userId: ctx.userId, id },
			['failed'],
			{
				state: 'queued',
				requestId,
				error: null,
				submittedAt: null,
				finishedAt: null,
				nextAttemptAt: 0,
				updatedAt: ctx.now
			},
			{ nextRound: true }
		);
		if (moved.length && job.state === 'done')
			await updateJob(
				ctx.db,
				{ userId: ctx.userId, id: job.id },
				{ state: 'active', updatedAt: ctx.now },
				['done']
			);
	})
};
