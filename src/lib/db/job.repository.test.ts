import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from './database';
import {
	completeItem,
	createSingleJob,
	failItem,
	listActiveItems,
	updateActiveItem
} from './job.repository';
import { deleteTestDB, makeImage, makeTestDB } from '../testing/factories';

const input = {
	model: 'demo/sketch',
	prompt: 'p',
	params: { aspectRatio: '1:1' as const },
	count: 2
};

describe('job.repository', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('creates a single job with queued items that have distinct UUIDv7 ids', async () => {
		const items = await createSingleJob(sut, input, 1000);

		expect(items).toHaveLength(2);
		expect(new Set(items.map((i) => i.id)).size).toBe(2);
		expect(items.every((i) => /^[0-9a-f-]{14}7/.test(i.id) && i.state === 'queued')).toBe(true);
		expect((await sut.jobs.get(items[0].jobId))?.kind).toBe('single');
		expect(await listActiveItems(sut)).toHaveLength(2);
	});

	it('keeps the source hashes on every item, so a reload resubmits the same request', async () => {
		const sourceHashes = ['a'.repeat(64), 'b'.repeat(64)];
		const items = await createSingleJob(sut, { ...input, sourceHashes }, 1000);

		expect(items.map((i) => i.sourceHashes)).toEqual([sourceHashes, sourceHashes]);
		expect((await sut.jobItems.get(items[1].id))?.sourceHashes).toEqual(sourceHashes);
		expect((await createSingleJob(sut, input, 1000))[0].sourceHashes).toEqual([]);
	});

	it('marks the job done when its last item settles', async () => {
		const [a, b] = await createSingleJob(sut, input, 1000);

		await completeItem(sut, a, { images: [makeImage({ generationId: a.id })], blobs: [] });
		expect((await sut.jobs.get(a.jobId))?.state).toBe('active');
		await failItem(sut, b, { code: 'CONTENT_BLOCKED', message: 'no' });

		expect((await sut.jobs.get(a.jobId))?.state).toBe('done');
		expect(await listActiveItems(sut)).toHaveLength(0);
	});

	it('never moves a settled item backwards when another tab updates it late', async () => {
		const [a] = await createSingleJob(sut, { ...input, count: 1 }, 1000);
		await failItem(sut, a, { code: 'CONTENT_BLOCKED', message: 'no' });

		expect(await updateActiveItem(sut, a, { state: 'submitted' })).toBe(false);
		expect(await completeItem(sut, a, { images: [makeImage()], blobs: [] })).toBe(false);
		expect((await sut.jobItems.get(a.id))?.state).toBe('failed');
		expect(await sut.images.count()).toBe(0);
	});
});
