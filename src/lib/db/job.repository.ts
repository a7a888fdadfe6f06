/**
 * Jobs and their items on the device: the pending work of the generation flow. An item's id is
 * its generation's idempotency key; states move forward only (queued → submitted → done | failed).
 * Must not talk to the relay (services/generation-runner.ts does).
 */
import { uuidv7 } from '../shared/ids';
import type { ErrorCode } from '../shared/protocol';
import type { GenerationParams } from '../shared/schemas/generate';
import type { ImageRow, JobItemRow, JobRow } from '../shared/schemas/rows';
import type { BlobRecord, StudioDB } from './database';
import { live, type LiveResult } from './live';
import { guardStorage } from './storage-errors';

/** One press of Generate: a prompt and parameters run `count` times. */
export interface SingleJobInput {
	model: string;
	prompt: string;
	params: GenerationParams;
	count: number;
	/** Source images (relay blob hashes) for image-to-image; empty for text-to-image. */
	sourceHashes?: string[];
}

/**
 * Creates a job of kind `single` with `count` queued items, in one transaction.
 * @throws {StorageFullError} when the device is out of space.
 */
export function createSingleJob(db: StudioDB, input: SingleJobInput, now: number = Date.now()): Promise<JobItemRow[]> {
	const times = { createdAt: now, updatedAt: now, deletedAt: null };
	const job: JobRow = {
		id: uuidv7(now),
		name: input.prompt.slice(0, 200),
		model: input.model,
		params: input.params,
		concurrency: input.count,
		state: 'active',
		order: now,
		kind: 'single',
		...times
	};
	const items: JobItemRow[] = Array.from({ length: input.count }, (_, index) => ({
		id: uuidv7(now),
		jobId: job.id,
		index,
		prompt: input.prompt,
		params: input.params,
		model: input.model,
		sourceHashes: [...(input.sourceHashes ?? [])],
		label: null,
		state: 'queued',
		attempts: 0,
		nextAttemptAt: 0,
		error: null,
		imageIds: [],
		submittedAt: null,
		finishedAt: null,
		...times
	}));
	return guardStorage(() =>
		db.transaction('rw', db.jobs, db.jobItems, async () => {
			await db.jobs.add(job);
			await db.jobItems.bulkAdd(items);
			return items;
		})
	);
}

/** Items still needing the relay: queued (to submit) and submitted (to poll). */
export function listActiveItems(db: StudioDB): Promise<JobItemRow[]> {
	return db.jobItems.where('state').anyOf('queued', 'submitted').toArray();
}

/** A job item with the images it produced (none until done). */
export interface ItemResult {
	item: JobItemRow;
	images: ImageRow[];
}

/** The latest items with their images, newest first (UUIDv7 ids sort by creation time). */
export function watchRecentResults(db: StudioDB, limit = 8): LiveResult<ItemResult[]> {
	return live(async () => {
		const items = await db.jobItems.orderBy('id').reverse().limit(limit).toArray();
		const images = await db.images.where('generationId').anyOf(items.map((item) => item.id)).sortBy('outputIndex');
		return items.map((item) => ({
			item,
			images: images.filter((image) => image.generationId === item.id && image.deletedAt === null)
		}));
	});
}

/**
 * Applies a change to an item that is still active; returns false if it already settled
 * (another tab got there first), so states never move backwards.
 */
export function updateActiveItem(db: StudioDB, id: string, changes: Partial<JobItemRow>): Promise<boolean> {
	return guardStorage(async () => {
		const count = await db.jobItems
			.where('id')
			.equals(id)
			.and((item) => item.state === 'queued' || item.state === 'submitted')
			.modify(changes);
		return count > 0;
	});
}

/** Marks an item failed with our error code, and its job done when nothing is left to do. */
export function failItem(db: StudioDB, item: JobItemRow, error: { code: ErrorCode; message: string }, now: number = Date.now()): Promise<boolean> {
	return settle(db, item, { state: 'failed', error, finishedAt: now, updatedAt: now }, async () => {}, now);
}

/** What a finished generation leaves on the device. */
export interface CompletedItem {
	images: ImageRow[];
	blobs: BlobRecord[];
}

/**
 * Stores a finished item's images and their bytes and marks it done, all in one transaction.
 * @throws {StorageFullError} when the device is out of space (nothing is written then).
 */
export function completeItem(db: StudioDB, item: JobItemRow, result: CompletedItem, now: number = Date.now()): Promise<boolean> {
	const imageIds = result.images.map((image) => image.id);
	return settle(db, item, { state: 'done', imageIds, error: null, finishedAt: now, updatedAt: now }, async () => {
		await db.blobs.bulkPut(result.blobs);
		await db.images.bulkPut(result.images);
	}, now);
}

function settle(db: StudioDB, item: JobItemRow, changes: Partial<JobItemRow>, write: () => Promise<void>, now: number): Promise<boolean> {
	return guardStorage(() =>
		db.transaction('rw', [db.jobItems, db.jobs, db.images, db.blobs], async () => {
			const current = await db.jobItems.get(item.id);
			if (!current || (current.state !== 'queued' && current.state !== 'submitted')) return false;
			await write();
			await db.jobItems.update(item.id, changes);
			const open = await db.jobItems
				.where('jobId')
				.equals(item.jobId)
				.filter((other) => other.state === 'queued' || other.state === 'submitted')
				.count();
			if (open === 0) await db.jobs.update(item.jobId, { state: 'done', updatedAt: now });
			return true;
		})
	);
}
