/**
 * What a person does to the queue, as Dexie writes from any tab: pause, resume, cancel, retry,
 * reorder, delete, and pausing the whole queue. The leader's scheduler reacts to the rows
 * (DESIGN §5); nothing here talks to the relay.
 */
import { uuidv7 } from '../shared/ids';
import type { JobItemRow, JobRow } from '../shared/schemas/rows';
import type { StudioDB } from './database';
import { getMeta, setMeta } from './meta.repository';
import { guardStorage } from './storage-errors';

const QUEUE_PAUSED_KEY = 'queue.paused';

/** Queued, or waiting to be sent again after a failed try: not at the relay, so cancellable. */
export const isWaiting = (item: JobItemRow): boolean => item.state === 'queued' || (item.state === 'submitted' && item.submittedAt === null);

/** Whether the person paused the whole queue (items at the relay still finish). */
export async function isQueuePaused(db: StudioDB): Promise<boolean> {
	return (await getMeta(db, QUEUE_PAUSED_KEY)) === true;
}

export function setQueuePaused(db: StudioDB, paused: boolean): Promise<void> {
	return guardStorage(() => setMeta(db, QUEUE_PAUSED_KEY, paused));
}

/** Pauses a running job: nothing new is sent; items already at the relay finish. */
export function pauseJob(db: StudioDB, jobId: string, now: number = Date.now()): Promise<boolean> {
	return changeJob(db, jobId, (job) => job.state === 'active', { state: 'paused' }, now);
}

/** Resumes a paused job; clears an item's "not enough credits" note so it is tried again. */
export function resumeJob(db: StudioDB, jobId: string, now: number = Date.now()): Promise<boolean> {
	return guardStorage(() =>
		db.transaction('rw', db.jobs, db.jobItems, async () => {
			const moved = await changeJob(db, jobId, (job) => job.state === 'paused', { state: 'active' }, now);
			if (moved) {
				await db.jobItems.where('jobId').equals(jobId).and((item) => item.state === 'queued' && item.error !== null).modify({ error: null, nextAttemptAt: 0 });
			}
			return moved;
		})
	);
}

/** Cancels a job: its waiting items are cancelled; items at the relay still finish and are kept. */
export function cancelJob(db: StudioDB, jobId: string, now: number = Date.now()): Promise<number> {
	return guardStorage(() =>
		db.transaction('rw', db.jobs, db.jobItems, async () => {
			const job = await db.jobs.get(jobId);
			if (!job || job.state === 'done' || job.state === 'cancelled') return 0;
			await db.jobs.update(jobId, { state: 'cancelled', updatedAt: now });
			return db.jobItems.where('jobId').equals(jobId).and(isWaiting).modify({ state: 'cancelled', finishedAt: now, updatedAt: now });
		})
	);
}

/** Cancels one item if it is still waiting; returns false once it reached the relay or settled. */
export function cancelItem(db: StudioDB, itemId: string, now: number = Date.now()): Promise<boolean> {
	return guardStorage(() =>
		db.transaction('rw', db.jobs, db.jobItems, async () => {
			const item = await db.jobItems.get(itemId);
			if (!item || !isWaiting(item)) return false;
			await db.jobItems.update(itemId, { state: 'cancelled', finishedAt: now, updatedAt: now });
			const open = await db.jobItems.where('jobId').equals(item.jobId).and((other) => other.state === 'queued' || other.state === 'submitted').count();
			if (open === 0) await db.jobs.where('id').equals(item.jobId).and((job) => job.state === 'active' || job.state === 'paused').modify({ state: 'done', updatedAt: now });
			return true;
		})
	);
}

/**
 * Queues a job's failed items again (or the given ones), each under a fresh generation id: the
 * relay keeps the failed try under the old one. Reopens a finished job. Returns how many.
 */
export function retryFailedItems(db: StudioDB, jobId: string, itemIds?: string[], now: number = Date.now()): Promise<number> {
	return guardStorage(() =>
		db.transaction('rw', db.jobs, db.jobItems, async () => {
			const failed = await db.jobItems
				.where('jobId')
				.equals(jobId)
				.and((item) => item.state === 'failed' && (!itemIds || itemIds.includes(item.id)))
				.toArray();
			for (const item of failed) {
				await db.jobItems.update(item.id, {
					state: 'queued', attempts: 0, nextAttemptAt: 0, error: null, requestId: uuidv7(now), submittedAt: null, finishedAt: null, updatedAt: now
				});
			}
			if (failed.length > 0) await db.jobs.update(jobId, { state: 'active', deletedAt: null, updatedAt: now });
			return failed.length;
		})
	);
}

/** Moves a job one place earlier (-1) or later (+1) among the visible jobs. */
export function moveJob(db: StudioDB, jobId: string, direction: -1 | 1, now: number = Date.now()): Promise<boolean> {
	return guardStorage(() =>
		db.transaction('rw', db.jobs, async () => {
			const jobs = (await db.jobs.orderBy('order').toArray()).filter((job) => job.deletedAt === null);
			const at = jobs.findIndex((job) => job.id === jobId);
			const other = jobs[at + direction];
			if (at < 0 || !other) return false;
			await db.jobs.update(jobId, { order: other.order, updatedAt: now });
			await db.jobs.update(other.id, { order: jobs[at].order, updatedAt: now });
			return true;
		})
	);
}

/** Deletes a finished job and its items (tombstones); the images it made stay in the gallery. */
export function deleteJob(db: StudioDB, jobId: string, now: number = Date.now()): Promise<boolean> {
	return guardStorage(() =>
		db.transaction('rw', db.jobs, db.jobItems, async () => {
			const job = await db.jobs.get(jobId);
			if (!job || (job.state !== 'done' && job.state !== 'cancelled')) return false;
			await db.jobs.update(jobId, { deletedAt: now, updatedAt: now });
			await db.jobItems.where('jobId').equals(jobId).modify({ deletedAt: now, updatedAt: now });
			return true;
		})
	);
}

function changeJob(db: StudioDB, jobId: string, when: (job: JobRow) => boolean, changes: Partial<JobRow>, now: number): Promise<boolean> {
	return guardStorage(async () => (await db.jobs.where('id').equals(jobId).and(when).modify({ ...changes, updatedAt: now })) > 0);
}
