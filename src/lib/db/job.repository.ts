/**
 * Jobs and their items on the device: the pending work of the generation flow. An item's id is
 * its generation's idempotency key; states move forward only (queued → submitted → done | failed).
 * Jobs are created through the `job.*` mutations; the item writes here are the scheduler's cache
 * of the relay's truth (never mutations). Must not talk to the relay (queue/scheduler.ts does).
 * User actions: job.repository.steering.ts.
 */
import { uuidv7 } from '../shared/ids';
import type { ErrorCode } from '../shared/protocol';
import type { GenerationParams } from '../shared/schemas/generate';
import type { ImageRow, JobItemRow, JobRow } from '../shared/schemas/rows';
import type { BlobRecord, StudioDB } from './database';
import { live, type LiveResult } from './live';
import { MAX_ITEMS_PER_MUTATION } from '../shared/mutations/job.args';
import { mutate, type Mutation } from './mutations/mutate';
import { compareItemProgress, isOpenItem } from './mutations/item-order';
import { finishJobIfSettled } from './mutations/job-rows';
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
	/** The item's own parameters (a batch's style variant); absent = the job's. */
	params?: GenerationParams;
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
 * Creates a job owned by this device with its queued items, as `job.create` plus `job.addItems`
 * for every {@link MAX_ITEMS_PER_MUTATION} items past the first, all in one `mutate()` call: the
 * whole batch lands with its outbox entries, or nothing does. Batches go to the end of the queue.
 * @throws {MutationError} when the job is invalid (e.g. a prompt too long); nothing is written.
 * @throws {StorageFullError} when the device is out of space.
 */
export async function createJob(
	db: StudioDB,
	input: NewJob,
	now: number = Date.now()
): Promise<{ job: JobRow; items: JobItemRow[] }> {
	const id = uuidv7(now);
	const items = input.items.map((item, index) => ({
		id: uuidv7(now),
		index,
		prompt: item.prompt,
		sourceHashes: [...(item.sourceHashes ?? [])],
		label: item.label ?? null,
		...(item.params ? { params: item.params } : {})
	}));
	const chunks: (typeof items)[] = [];
	for (let start = 0; start < items.length; start += MAX_ITEMS_PER_MUTATION)
		chunks.push(items.slice(start, start + MAX_ITEMS_PER_MUTATION));
	const create = {
		id,
		name: input.name.slice(0, 200),
		model: input.model,
		params: input.params,
		concurrency: Math.min(10, Math.max(1, Math.round(input.concurrency))),
		kind: input.kind,
		order: now,
		createdAt: now,
		items: chunks[0] ?? []
	};
	const mutations: Mutation[] = [
		{ name: 'job.create', args: create },
		...chunks
			.slice(1)
			.map((chunk): Mutation => ({ name: 'job.addItems', args: { id, items: chunk } }))
	];
	await mutate(db, mutations, now);
	const [job, rows] = await Promise.all([
		db.jobs.get(id),
		db.jobItems.where('[jobId+index]').between([id, -Infinity], [id, Infinity]).toArray()
	]);
	return { job: job!, items: rows };
}

/**
 * Creates a job of kind `single` with `count` queued items, in one transaction.
 * @throws {StorageFullError} when the device is out of space.
 */
export async function createSingleJob(
	db: StudioDB,
	input: SingleJobInput,
	now: number = Date.now()
): Promise<JobItemRow[]> {
	const items = Array.from({ length: input.count }, () => ({
		prompt: input.prompt,
		sourceHashes: input.sourceHashes
	}));
	const created = await createJob(
		db,
		{
			kind: 'single',
			name: input.prompt,
			model: input.model,
			params: input.params,
			concurrency: input.count,
			items
		},
		now
	);
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
		const items = await db.jobItems
			.orderBy('id')
			.reverse()
			.filter((item) => singles.has(item.jobId))
			.limit(limit)
			.toArray();
		const images = await db.images.bulkGet(items.flatMap((item) => item.imageIds));
		const byId = new Map(
			images.flatMap((image) =>
				image && image.deletedAt === null ? [[image.id, image] as const] : []
			)
		);
		return items.map((item) => ({
			item,
			images: item.imageIds.flatMap((id) => byId.get(id) ?? [])
		}));
	});
}

/**
 * Applies the scheduler's change to an item that is still open in the round it was read in;
 * returns false when it settled or a newer round began (a pull or another tab got there first),
 * so states never move backwards. `item` is the row as the caller read it.
 */
export function updateActiveItem(
	db: StudioDB,
	item: Pick<JobItemRow, 'id' | 'round'>,
	changes: Partial<JobItemRow>
): Promise<boolean> {
	return guardStorage(async () => {
		const count = await db.jobItems
			.where('id')
			.equals(item.id)
			.and(
				(row) =>
					isOpenItem(row) &&
					(row.round ?? 0) === (item.round ?? 0) &&
					(!changes.state || compareItemProgress({ ...row, ...changes }, row) >= 0)
			)
			.modify(changes);
		return count > 0;
	});
}

/** Marks an item failed with our error code, and its job done when nothing is left to do. */
export function failItem(
	db: StudioDB,
	item: JobItemRow,
	error: { code: ErrorCode; message: string },
	now: number = Date.now()
): Promise<boolean> {
	return settle(
		db,
		item,
		{ state: 'failed', error, attempts: item.attempts, finishedAt: now, updatedAt: now },
		async () => {},
		now
	);
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
export function completeItem(
	db: StudioDB,
	item: JobItemRow,
	result: CompletedItem,
	now: number = Date.now()
): Promise<boolean> {
	const imageIds = result.images.map((image) => image.id);
	return settle(
		db,
		item,
		{ state: 'done', imageIds, error: null, finishedAt: now, updatedAt: now },
		async () => {
			await db.blobs.bulkPut(result.blobs);
			await db.images.bulkPut(result.images);
		},
		now
	);
}

function settle(
	db: StudioDB,
	item: JobItemRow,
	changes: Partial<JobItemRow>,
	write: () => Promise<void>,
	now: number
): Promise<boolean> {
	return guardStorage(() =>
		db.transaction('rw', [db.jobItems, db.jobs, db.images, db.blobs], async () => {
			const current = await db.jobItems.get(item.id);
			// Settled already, or retried into a newer round (by a pull or another tab): leave it.
			if (!current || !isOpenItem(current) || (current.round ?? 0) !== (item.round ?? 0))
				return false;
			await write();
			await db.jobItems.update(item.id, changes);
			await finishJobIfSettled(db, item.jobId, now);
			return true;
		})
	);
}

/**
 * Marks a job done once none of its items is open (items may settle through a pull), in its own
 * transaction; returns the job as stored afterwards.
 * @throws {StorageFullError} when the device is out of space.
 */
export function closeJobIfSettled(
	db: StudioDB,
	jobId: string,
	now: number = Date.now()
): Promise<JobRow | undefined> {
	return guardStorage(() =>
		db.transaction('rw', db.jobs, db.jobItems, () => finishJobIfSettled(db, jobId, now))
	);
}
