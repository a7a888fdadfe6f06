/**
 * What a person does to the queue, from any tab: pause, resume, cancel, retry, reorder, delete and
 * take over a batch are `job.*` / `item.*` mutations (they sync); pausing the whole queue is a
 * local switch in `meta`. The leader's scheduler reacts to the rows (DESIGN §5); nothing here
 * talks to the relay.
 */
import { uuidv7 } from '../shared/ids';
import type { JobItemRow } from '../shared/schemas/rows';
import type { StudioDB } from './database';
import { getMeta, setMeta } from './meta.repository';
import { mutate, mutateOne, type Mutation } from './mutations/mutate';
import { guardStorage } from './storage-errors';

const QUEUE_PAUSED_KEY = 'queue.paused';

/** Queued: not taken by the relay yet, so cancellable (cancel never beats submitted, SYNC §4.7). */
export const isWaiting = (item: JobItemRow): boolean => item.state === 'queued';

/** Whether the person paused the whole queue on this device (items at the relay still finish). */
export async function isQueuePaused(db: StudioDB): Promise<boolean> {
	return (await getMeta(db, QUEUE_PAUSED_KEY)) === true;
}

/** Pauses or resumes the whole queue on this device only (local meta, not synced). */
export function setQueuePaused(db: StudioDB, paused: boolean): Promise<void> {
	return guardStorage(() => setMeta(db, QUEUE_PAUSED_KEY, paused));
}

/** Whether a mutation call recorded anything (a no-op records nothing). */
const recorded = async (result: Promise<{ mids: number[] }>) => (await result).mids.length > 0;

/** Pauses a running job: nothing new is sent; items already at the relay finish. */
export async function pauseJob(
	db: StudioDB,
	jobId: string,
	now: number = Date.now()
): Promise<boolean> {
	const job = await db.jobs.get(jobId);
	if (job?.state !== 'active' || job.deletedAt !== null) return false;
	return recorded(mutateOne(db, 'job.patch', { id: jobId, fields: { state: 'paused' } }, now));
}

/** Resumes a paused job; clears an item's "not enough credits" note so it is tried again. */
export async function resumeJob(
	db: StudioDB,
	jobId: string,
	now: number = Date.now()
): Promise<boolean> {
	const job = await db.jobs.get(jobId);
	if (job?.state !== 'paused' || job.deletedAt !== null) return false;
	return recorded(mutateOne(db, 'job.patch', { id: jobId, fields: { state: 'active' } }, now));
}

/** Cancels a job: its queued items are cancelled; items at the relay still finish and are kept. Returns how many were cancelled. */
export async function cancelJob(
	db: StudioDB,
	jobId: string,
	now: number = Date.now()
): Promise<number> {
	const queued = await db.jobItems.where('jobId').equals(jobId).and(isWaiting).count();
	const job = await db.jobs.get(jobId);
	if (!job || job.deletedAt !== null) return 0;
	return (await recorded(mutateOne(db, 'job.cancel', { id: jobId }, now))) ? queued : 0;
}

/** Cancels one item if it is still queued; returns false once the relay took it or it settled. */
export async function cancelItem(
	db: StudioDB,
	itemId: string,
	now: number = Date.now()
): Promise<boolean> {
	const item = await db.jobItems.get(itemId);
	if (!item || item.deletedAt !== null) return false;
	return recorded(mutateOne(db, 'item.cancel', { id: itemId }, now));
}

/**
 * Queues a job's failed items again (or the given ones), each in a new round under a fresh
 * generation id: the relay keeps the failed try under the old one. Reopens a finished job.
 * Returns how many.
 */
export async function retryFailedItems(
	db: StudioDB,
	jobId: string,
	itemIds?: string[],
	now: number = Date.now()
): Promise<number> {
	const failed = await db.jobItems
		.where('jobId')
		.equals(jobId)
		.and(
			(item) =>
				item.state === 'failed' &&
				item.deletedAt === null &&
				(!itemIds || itemIds.includes(item.id))
		)
		.toArray();
	const result = await mutate(
		db,
		failed.map((item): Mutation => ({
			name: 'item.retry',
			args: { id: item.id, requestId: uuidv7(now) }
		})),
		now
	);
	return result.mids.length;
}

/** Moves a job one place earlier (-1) or later (+1) among the visible jobs: two `job.patch` of `order`, atomically. */
export async function moveJob(
	db: StudioDB,
	jobId: string,
	direction: -1 | 1,
	now: number = Date.now()
): Promise<boolean> {
	const jobs = (await db.jobs.orderBy('order').toArray()).filter((job) => job.deletedAt === null);
	const at = jobs.findIndex((job) => job.id === jobId);
	const other = jobs[at + direction];
	if (at < 0 || !other) return false;
	return recorded(
		mutate(
			db,
			[
				{ name: 'job.patch', args: { id: jobId, fields: { order: other.order } } },
				{ name: 'job.patch', args: { id: other.id, fields: { order: jobs[at].order } } }
			],
			now
		)
	);
}

/** Deletes a finished or cancelled job and its items; the images it made stay in the gallery. */
export async function deleteJob(
	db: StudioDB,
	jobId: string,
	now: number = Date.now()
): Promise<boolean> {
	const job = await db.jobs.get(jobId);
	if (!job) return false;
	return recorded(mutateOne(db, 'job.delete', { id: jobId }, now));
}

/**
 * "Take over this batch": this device becomes the job's owner (its scheduler submits the queued
 * items from now on) with the claim epoch it last saw; the relay refuses it if another device
 * claimed first. Returns false when the job is already this device's, gone or deleted.
 */
export async function claimJob(
	db: StudioDB,
	jobId: string,
	now: number = Date.now()
): Promise<boolean> {
	const job = await db.jobs.get(jobId);
	if (!job || job.deletedAt !== null) return false;
	return recorded(mutateOne(db, 'job.claim', { id: jobId, epoch: job.claimEpoch ?? 0 }, now));
}
