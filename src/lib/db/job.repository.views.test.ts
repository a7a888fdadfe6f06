import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteTestDB, makeTestDB } from '../testing/factories';
import type { StudioDB } from './database';
import { createJob, createSingleJob, watchRecentResults } from './job.repository';
import { cancelJob, deleteJob } from './job.repository.steering';
import {
	readPromptsForBatch,
	watchJobs,
	watchQueueSummary,
	type JobWithItems,
	type QueueSummary
} from './job.repository.views';
import type { LiveResult } from './live';

const first = <T>(result: LiveResult<T>) =>
	new Promise<T>((resolve, reject) => {
		const subscription = result.subscribe({
			next: (value) => (subscription?.unsubscribe(), resolve(value)),
			error: reject
		});
	});
const params = { aspectRatio: '1:1' as const };
const job = (name: string, count: number) => ({
	kind: 'prompts' as const,
	name,
	model: 'demo/sketch',
	params,
	concurrency: 2,
	items: Array.from({ length: count }, (_, i) => ({ prompt: `${name} ${i}` }))
});

describe('job.repository.views', () => {
	let db: StudioDB;
	beforeEach(() => {
		db = makeTestDB();
	});
	afterEach(() => deleteTestDB(db));

	it('reads library prompts for a batch in the order asked, skipping missing and deleted ones', async () => {
		const row = (id: string, text: string, deletedAt: number | null = null) => ({
			id,
			title: id,
			text,
			negativePrompt: '',
			category: '',
			tags: [],
			favourite: false,
			usageCount: 0,
			model: null,
			params: null,
			createdAt: 1,
			updatedAt: 1,
			deletedAt
		});
		await db.prompts.bulkAdd([
			row('a', 'a cat\\non two lines'),
			row('b', 'a dog'),
			row('c', 'gone', 5)
		]);

		expect(await readPromptsForBatch(db, ['b', 'missing', 'c', 'a'])).toEqual([
			{ id: 'b', text: 'a dog', title: 'b' },
			{ id: 'a', text: 'a cat\\non two lines', title: 'a' }
		]);
	});

	it('lists unfinished jobs first, hides finished singles and deleted jobs', async () => {
		const done = await createJob(db, job('old', 1));
		await cancelJob(db, done.job.id);
		const gone = await createJob(db, job('gone', 1));
		await cancelJob(db, gone.job.id);
		await deleteJob(db, gone.job.id);
		await createJob(db, job('running', 2));

		const jobs: JobWithItems[] = await first(watchJobs(db));
		expect(jobs.map((entry) => entry.job.name)).toEqual(['running', 'old']);
		expect(jobs[0].items.map((item) => item.index)).toEqual([0, 1]);
	});

	it('sums the items of unfinished jobs for the footer', async () => {
		await createJob(db, job('a', 3));
		const summary: QueueSummary = await first(watchQueueSummary(db));
		expect(summary).toMatchObject({ total: 3, done: 0, open: 3, jobs: 1, paused: false });
	});

	it('shows only the Generate page’s own items under recent results', async () => {
		const [single] = await createSingleJob(db, {
			model: 'demo/sketch',
			prompt: 'solo',
			params,
			count: 1
		});
		await createJob(db, job('batch', 3));
		const recent = await first(watchRecentResults(db));
		expect(recent.map((result) => result.item.id)).toEqual([single.id]);
	});

	it('updates the summary after a change, at most twice a second', async () => {
		const values: QueueSummary[] = [];
		const subscription = watchQueueSummary(db).subscribe({ next: (value) => values.push(value) });
		await new Promise((resolve) => setTimeout(resolve, 50));
		await createJob(db, job('a', 2));
		await createJob(db, job('b', 3));
		await new Promise((resolve) => setTimeout(resolve, 700));
		subscription.unsubscribe();

		expect(values[0]).toMatchObject({ total: 0 });
		expect(values.at(-1)).toMatchObject({ total: 5, jobs: 2 });
		expect(values.length).toBeLessThanOrEqual(3);
	});
});
