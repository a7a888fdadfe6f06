/**
 * Row helpers shared by the job and item mutations and the scheduler's cached writes: building an
 * item row from its mutation arguments, and closing a job once none of its items is open.
 * Must run inside a transaction that covers `jobs` and `jobItems`.
 */
import type { z } from 'zod';
import type { NewItemSchema } from '../../shared/mutations/job.args';
import type { JobItemRow, JobRow } from '../../shared/schemas/rows';
import type { StudioDB } from '../database';
import { isOpenItem } from './item-order';

/** A queued item of `job`, as `job.create` and `job.addItems` make it. */
export function itemRowOf(
	job: Pick<JobRow, 'id' | 'model' | 'params'>,
	item: z.output<typeof NewItemSchema>,
	now: number
): JobItemRow {
	return {
		id: item.id,
		jobId: job.id,
		index: item.index,
		prompt: item.prompt,
		params: item.params ?? job.params,
		model: job.model,
		sourceHashes: [...item.sourceHashes],
		label: item.label,
		state: 'queued',
		attempts: 0,
		nextAttemptAt: 0,
		error: null,
		imageIds: [],
		requestId: null,
		submittedAt: null,
		finishedAt: null,
		round: 0,
		createdAt: now,
		updatedAt: now,
		deletedAt: null
	};
}

/** Adds the items not stored yet (a resend or a rebase never duplicates or resets one). Returns how many. */
export async function addMissingItems(
	db: StudioDB,
	job: JobRow,
	items: z.output<typeof NewItemSchema>[],
	now: number
): Promise<number> {
	const stored = await db.jobItems.bulkGet(items.map((item) => item.id));
	const fresh = items.filter((_, i) => !stored[i]).map((item) => itemRowOf(job, item, now));
	await db.jobItems.bulkAdd(fresh);
	return fresh.length;
}

/**
 * Marks an active or paused job done when none of its items is open any more (a cancelled job
 * stays cancelled). Returns the job as stored afterwards.
 */
export async function finishJobIfSettled(
	db: StudioDB,
	jobId: string,
	now: number
): Promise<JobRow | undefined> {
	// Open items sit at the end (later ids) while a job runs: scanning backwards stops early.
	const open = await db.jobItems.where('jobId').equals(jobId).reverse().filter(isOpenItem).first();
	if (!open)
		await db.jobs
			.where('id')
			.equals(jobId)
			.and((job) => job.state === 'active' || job.state === 'paused')
			.modify({ state: 'done', updatedAt: now });
	return db.jobs.get(jobId);
}
