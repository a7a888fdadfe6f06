/**
 * Jobs and their items on the device: the pending work of the generation flow. An item's id is
 * its generation's idempotency key; states move forward only (queued → submitted → done | failed).
 * Must not talk to the relay (queue/scheduler.ts does). User actions: job.repository.steering.ts.
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

/** One image request of a new job. */
export interface NewItem {
	prompt: string;
	sourceHashes?: string[];
	/** Output name (the input file's name in image batches). */
	label?: string | null;
}

/** A new job of any kind with its items, in run order. */
export interface NewJob {
	kind: JobRow['kind'];
	name: string;
	model: string;
	params: GenerationParams;
	concurrency: number;
	items: NewItem[];
}

/**
 * Creates a job with its queued items in one transaction; batches go to the end of the queue.
 * @throws {StorageFullError} when the device is out of space.
 */
export function createJob(db: StudioDB, input: NewJob, now: number = Date.now()): Promise<{ job: JobRow; items: JobItemRow[] }> {
	const times = { createdAt: now, updatedAt: now, deletedAt: null };
	const job: JobRow = {
		id: uuidv7(now),
		name: input.name.slice(0, 200),
		model: input.model,
		params: input.params,
		concurrency: Math.min(10, Math.max(1, Math.round(input.concurrency))),
		state: 'active',
		order: now,
		kind: input.kind,
		ownerClientId: null,
		claimEpoch: 0,
		...times
	};
	const items: JobItemRow[] = input.items.map((item, index) => ({
		id: uuidv7(now),
		jobId: job.id,
		index,
		prompt: item.prompt,
		params: input.params,
		model: input.model,
		sourceHashes: [...(item.sourceHashes ?? [])],
		label: item.label ?? null,
		state: 'queued',
		attempts: 0,
		nextAttemptAt: 0,
		error: null,
		imageIds: [],
		requestId: null,
		submittedAt: null,
		finishedAt: null,
		round: 0,
		...times
	}));
	return guardStorage(() =>
		db.transaction('rw', db.jobs, db.jobItems, async () => {
			const last = await db.jobs.orderBy('order').last();
			job.order = Math.max(now, (last?.order ?? 0) + 1);
			await db.jobs.add(job);
			await db.jobItems.bulkAdd(items);
			return { job, items };
		})
	);
}

/**
 * Creates a job of kind `single` with `count` queued items, in one transaction.
 * @throws {StorageFullError} when the device is out of space.
 */
export async function createSingleJob(db: StudioDB, input: SingleJobInput, now: number = Date.now()): Promise<JobItemRow[]> {
	const items = Array.from({ length: input.count }, () => ({ prompt: input.prompt, sourceHashes: input.sourceHashes }));
	const created = await createJob(db, { kind: 'single', name: input.prompt, model: input.model, params: input.params, concurrency: input.count, items }, now);
	return created.items;
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

/** The latest single-generation items with their images, newest first (UUIDv7 ids sort by creation time). */
export function watchRecentResults(db: StudioDB, limit = 8): LiveResult<ItemResult[]> {
	return live(async () => {
		// Only the Generate page's own jobs: batches have the Queue page.
		const singles = new Set(await db.jobs.filter((job) => job.kind === 'single').primaryKeys());
		const items = await db.jobItems.orderBy('id').reverse().filter((item) => singles.has(item.jobId)).limit(limit).toArray();
		const images = await db.images.bulkGet(items.flatMap((item) => item.imageIds));
		const byId = new Map(images.flatMap((image) => (image && image.deletedAt === null ? [[image.id, image] as const] : [])));
		return items.map((item) => ({ item, images: item.imageIds.flatMap((id) => byId.get(id) ?? []) }));
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
	return settle(db, item, { state: 'failed', error, attempts: item.attempts, finishedAt: now, updatedAt: now }, async () => {}, now);
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
			// Open items sit at the end (later ids) while a job runs: scanning backwards stops early.
			const open = await db.jobItems
				.where('jobId')
				.equals(item.jobId)
				.reverse()
				.filter((other) => other.state === 'queued' || other.state === 'submitted')
				.first();
			// A cancelled job stays cancelled; an active or paused one is done when nothing is left.
			if (!open) await db.jobs.where('id').equals(item.jobId).and((job) => job.state === 'active' || job.state === 'paused').modify({ state: 'done', updatedAt: now });
			return true;
		})
	);
}
