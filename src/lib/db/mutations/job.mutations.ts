/**
 * The job mutations (SYNC §4.4, §4.10): create a job with its items, add more items, steer it
 * (pause, resume, reorder, rename, cancel, delete) and take it over (`job.claim`). Only the relay
 * moves items to submitted, done or failed; these change what a person decides.
 * `apply` must stay safe to run again over the relay's rows (the pull rebase does).
 */
import { getClientId } from '../../sync/client-id';
import {
	JobAddItemsArgsSchema,
	JobClaimArgsSchema,
	JobCreateArgsSchema,
	JobIdArgsSchema,
	JobPatchArgsSchema
} from '../../shared/mutations/job.args';
import type { JobRow } from '../../shared/schemas/rows';
import type { StudioDB } from '../database';
import { addMissingItems } from './job-rows';
import { MutationError, type MutationDef } from './types';

const tables = (db: StudioDB) => [db.jobs, db.jobItems];
const jobTarget = (args: { id: string }) => [{ entity: 'job' as const, id: args.id }];

async function storedJob(db: StudioDB, name: string, id: string): Promise<JobRow> {
	const job = await db.jobs.get(id);
	if (!job) throw new MutationError(name, 'NOT_FOUND', `No job ${id}`);
	return job;
}

/** Delete wins: a deleted job is only read, never changed (SYNC §4.7). */
async function liveJob(db: StudioDB, name: string, id: string): Promise<JobRow> {
	const job = await storedJob(db, name, id);
	if (job.deletedAt !== null) throw new MutationError(name, 'DELETED', `Job ${id} is deleted`);
	return job;
}

const isRunning = (job: JobRow) => job.state === 'active' || job.state === 'paused';

export const jobMutations = {
	/**
	 * Creates a job owned by this device with its first items; batches go to the end of the queue
	 * (`order` is raised past the last job and recorded so). An existing id only gains missing items.
	 */
	'job.create': {
		schema: JobCreateArgsSchema,
		tables,
		targets: (args) => [
			...jobTarget(args),
			...args.items.map((item) => ({ entity: 'jobItem' as const, id: item.id }))
		],
		async apply(db, args, now) {
			const existing = await db.jobs.get(args.id);
			if (existing) {
				if (existing.deletedAt === null) await addMissingItems(db, existing, args.items, now);
				return args;
			}
			const last = await db.jobs.orderBy('order').last();
			const order = Math.max(args.order, (last?.order ?? 0) + 1);
			const { items, ...fields } = args;
			const job: JobRow = {
				...fields,
				order,
				state: 'active',
				ownerClientId: await getClientId(db),
				claimEpoch: 0,
				updatedAt: args.createdAt,
				deletedAt: null
			};
			await db.jobs.add(job);
			await addMissingItems(db, job, items, now);
			return { ...args, order };
		}
	} satisfies MutationDef<typeof JobCreateArgsSchema>,

	/** More items for a job (batches bigger than one mutation); items already stored are kept as they are. */
	'job.addItems': {
		schema: JobAddItemsArgsSchema,
		tables,
		targets: (args) => [
			...jobTarget(args),
			...args.items.map((item) => ({ entity: 'jobItem' as const, id: item.id }))
		],
		async apply(db, args, now) {
			const job = await liveJob(db, 'job.addItems', args.id);
			const added = await addMissingItems(db, job, args.items, now);
			if (added > 0 && job.state === 'done')
				await db.jobs.update(job.id, { state: 'active', updatedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof JobAddItemsArgsSchema>,

	/**
	 * Pause / resume, queue order, name. A state change applies only while the job runs (done and
	 * cancelled are final); only changed fields are recorded.
	 */
	'job.patch': {
		schema: JobPatchArgsSchema,
		tables,
		targets: jobTarget,
		async apply(db, args, now) {
			const job = await liveJob(db, 'job.patch', args.id);
			const changed: Partial<Pick<JobRow, 'state' | 'order' | 'name'>> = {};
			if (args.fields.state !== undefined && isRunning(job) && job.state !== args.fields.state)
				changed.state = args.fields.state;
			if (args.fields.order !== undefined && job.order !== args.fields.order)
				changed.order = args.fields.order;
			if (args.fields.name !== undefined && job.name !== args.fields.name)
				changed.name = args.fields.name;
			if (Object.keys(changed).length === 0) return null;
			await db.jobs.update(job.id, { ...changed, updatedAt: now });
			if (changed.state === 'active') {
				// Resuming clears the local "not enough credits" note so those items are tried again.
				await db.jobItems
					.where('jobId')
					.equals(job.id)
					.and((item) => item.state === 'queued' && item.error !== null)
					.modify({ error: null, nextAttemptAt: 0 });
			}
			return { id: args.id, fields: changed };
		}
	} satisfies MutationDef<typeof JobPatchArgsSchema>,

	/** Cancels a running job: its queued items are cancelled; items at the relay still finish and are kept. */
	'job.cancel': {
		schema: JobIdArgsSchema,
		tables,
		targets: jobTarget,
		async apply(db, args, now) {
			const job = await liveJob(db, 'job.cancel', args.id);
			if (!isRunning(job)) return null;
			await db.jobs.update(job.id, { state: 'cancelled', updatedAt: now });
			await db.jobItems
				.where('jobId')
				.equals(job.id)
				.and((item) => item.state === 'queued')
				.modify({ state: 'cancelled', finishedAt: now, updatedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof JobIdArgsSchema>,

	/** Removes a finished or cancelled job from the queue view (its images stay in the gallery). */
	'job.delete': {
		schema: JobIdArgsSchema,
		tables,
		targets: jobTarget,
		async apply(db, args, now) {
			const job = await storedJob(db, 'job.delete', args.id);
			if (job.deletedAt !== null || isRunning(job)) return null;
			await db.jobs.update(job.id, { deletedAt: now, updatedAt: now });
			await db.jobItems.where('jobId').equals(job.id).modify({ deletedAt: now, updatedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof JobIdArgsSchema>,

	/**
	 * "Take over this batch": this device becomes the owner and the epoch goes up by one, fencing
	 * the old owner's submits. A stale epoch (someone claimed first) or a job already ours is a no-op.
	 */
	'job.claim': {
		schema: JobClaimArgsSchema,
		tables: (db) => [db.jobs, db.jobItems, db.meta],
		targets: jobTarget,
		async apply(db, args, now) {
			const job = await liveJob(db, 'job.claim', args.id);
			const me = await getClientId(db);
			if ((job.claimEpoch ?? 0) !== args.epoch || job.ownerClientId === me) return null;
			await db.jobs.update(job.id, {
				ownerClientId: me,
				claimEpoch: args.epoch + 1,
				updatedAt: now
			});
			return args;
		}
	} satisfies MutationDef<typeof JobClaimArgsSchema>
};
