/**
 * Live reads of the queue for the Queue page, the footer and the cost quote. Read-only: the
 * functions passed to `live()` never write. The big ones re-run at most twice a second
 * ({@link throttledLive}): a running batch writes many times a second from the worker, and
 * re-reading every item on each write would keep the main thread busy.
 */
import { Dexie } from 'dexie';
import type { ImageRow, JobItemRow, JobRow } from '../shared/schemas/rows';
import type { StudioDB } from './database';
import { isQueuePaused } from './job.repository.steering';
import { live, type LiveResult } from './live';

/** A job with its items in run order. */
export interface JobWithItems {
	job: JobRow;
	items: JobItemRow[];
}

/**
 * Like `live()`, but re-runs the query at most once per `intervalMs` however often the tables
 * change (in this tab, another, or the worker), and always once after the last change.
 */
export function throttledLive<T>(
	db: StudioDB,
	tables: string[],
	query: () => Promise<T>,
	intervalMs = 500
): LiveResult<T> {
	const prefixes = tables.map((table) => `idb://${db.name}/${table}/`);
	return {
		subscribe(observer) {
			let closed = false;
			let running = false;
			let dirty = false;
			let lastRun = 0;
			let timer: ReturnType<typeof setTimeout> | null = null;
			const schedule = () => {
				if (closed || timer) return;
				// run() catches its own errors and hands them to the observer.
				timer = setTimeout(() => void run(), Math.max(0, lastRun + intervalMs - Date.now()));
			};
			const run = async () => {
				timer = null;
				if (running) {
					dirty = true;
					return;
				}
				running = true;
				lastRun = Date.now();
				try {
					const value = await db.transaction('r', tables, query);
					if (!closed) observer.next(value);
				} catch (error) {
					if (!closed) observer.error?.(error);
				} finally {
					running = false;
					if (dirty) {
						dirty = false;
						schedule();
					}
				}
			};
			const onMutated = (parts: Record<string, unknown>) => {
				if (Object.keys(parts).some((key) => prefixes.some((prefix) => key.startsWith(prefix))))
					schedule();
			};
			Dexie.on('storagemutated', onMutated);
			void run();
			return {
				unsubscribe() {
					closed = true;
					if (timer) clearTimeout(timer);
					Dexie.on.storagemutated.unsubscribe(onMutated);
				}
			};
		}
	};
}

/** Every visible job (not deleted), in queue order, unfinished first; singles only while open. */
export function watchJobs(db: StudioDB): LiveResult<JobWithItems[]> {
	return throttledLive(db, ['jobs', 'jobItems'], async () => {
		const jobs = (await db.jobs.orderBy('order').toArray()).filter((job) => job.deletedAt === null);
		const items = await db.jobItems
			.where('jobId')
			.anyOf(jobs.map((job) => job.id))
			.toArray();
		const byJob = new Map<string, JobItemRow[]>();
		for (const item of items) {
			const list = byJob.get(item.jobId);
			if (list) list.push(item);
			else byJob.set(item.jobId, [item]);
		}
		const open = (job: JobRow) => job.state === 'active' || job.state === 'paused';
		return jobs
			.filter((job) => job.kind !== 'single' || open(job))
			.sort((a, b) => Number(open(b)) - Number(open(a)))
			.map((job) => ({ job, items: (byJob.get(job.id) ?? []).sort((a, b) => a.index - b.index) }));
	});
}

/** What the footer and the tab title show. */
export interface QueueSummary {
	/** Items of unfinished jobs, by state. */
	total: number;
	done: number;
	failed: number;
	open: number;
	paused: boolean;
	/** Unfinished jobs (active or paused). */
	jobs: number;
	/** Unfinished jobs stopped by the person or by the balance. */
	pausedJobs: number;
	/** Each unfinished job's counts, for the footer's run tally (RunCounter in queue/progress.ts). */
	byJob: Record<string, { total: number; done: number; failed: number; open: number }>;
}

function countsByJob(items: JobItemRow[]): QueueSummary['byJob'] {
	const byJob: QueueSummary['byJob'] = {};
	for (const item of items) {
		if (item.state === 'cancelled') continue;
		const counts = (byJob[item.jobId] ??= { total: 0, done: 0, failed: 0, open: 0 });
		counts.total += 1;
		if (item.state === 'done') counts.done += 1;
		else if (item.state === 'failed') counts.failed += 1;
		else counts.open += 1;
	}
	return byJob;
}

export function watchQueueSummary(db: StudioDB): LiveResult<QueueSummary> {
	return throttledLive(db, ['jobs', 'jobItems', 'meta'], async () => {
		const jobs = await db.jobs.where('state').anyOf('active', 'paused').toArray();
		const visible = jobs.filter((job) => job.deletedAt === null);
		const items = await db.jobItems
			.where('jobId')
			.anyOf(visible.map((job) => job.id))
			.toArray();
		return {
			total: items.filter((item) => item.state !== 'cancelled').length,
			done: items.filter((item) => item.state === 'done').length,
			failed: items.filter((item) => item.state === 'failed').length,
			open: items.filter((item) => item.state === 'queued' || item.state === 'submitted').length,
			paused: await isQueuePaused(db),
			jobs: visible.length,
			pausedJobs: visible.filter((job) => job.state === 'paused').length,
			byJob: countsByJob(items)
		};
	});
}

/** Items not yet finished, of every job: what the quote counts as already queued. */
export function watchOpenItems(db: StudioDB): LiveResult<JobItemRow[]> {
	return throttledLive(
		db,
		['jobItems'],
		() => db.jobItems.where('state').anyOf('queued', 'submitted').toArray(),
		1_000
	);
}

/** The images of some items, by id (thumbnails on the Queue page). */
export function watchImagesOf(db: StudioDB, imageIds: string[]): LiveResult<ImageRow[]> {
	return live(async () =>
		(await db.images.bulkGet(imageIds)).filter(
			(image): image is ImageRow => !!image && image.deletedAt === null
		)
	);
}

/** Prompts by id, in the order asked, for `/batch?promptIds=…` (missing or deleted ones skipped). */
export async function readPromptsForBatch(
	db: StudioDB,
	ids: string[]
): Promise<{ id: string; text: string; title: string }[]> {
	const rows = await db.prompts.bulkGet(ids);
	return rows.flatMap((row) =>
		row && row.deletedAt === null ? [{ id: row.id, text: row.text, title: row.title }] : []
	);
}

/** The job of each given item id that this device knows (a credit history groups a batch's charges). */
export async function jobIdsOfItems(db: StudioDB, itemIds: string[]): Promise<Map<string, string>> {
	const items = await db.jobItems.bulkGet(itemIds);
	return new Map(items.flatMap((item) => (item ? [[item.id, item.jobId] as const] : [])));
}
