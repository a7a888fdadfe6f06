import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import { getClientId } from '../../sync/client-id';
import { deleteTestDB, makeTestDB } from '../../testing/factories';
import type { StudioDB } from '../database';
import { createJob, type NewJob } from '../job.repository';
import { claimJob } from '../job.repository.steering';
import { mutateOne, mutationTargets } from './mutate';
import { listOutbox } from './outbox';

const params = { aspectRatio: '1:1' as const };
const batch = (count: number, overrides: Partial<NewJob> = {}): NewJob => ({
	kind: 'prompts',
	name: 'batch',
	model: 'demo/sketch',
	params,
	concurrency: 2,
	items: Array.from({ length: count }, (_, i) => ({ prompt: `prompt ${i}` })),
	...overrides
});

describe('job mutations', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('creates a job owned by this device with its items queued in round 0', async () => {
		const { job, items } = await createJob(sut, batch(3), 1000);

		expect(job).toMatchObject({
			state: 'active',
			ownerClientId: await getClientId(sut),
			claimEpoch: 0,
			deletedAt: null
		});
		expect(items.map((item) => [item.index, item.state, item.round, item.prompt])).toEqual([
			[0, 'queued', 0, 'prompt 0'],
			[1, 'queued', 0, 'prompt 1'],
			[2, 'queued', 0, 'prompt 2']
		]);
		expect((await listOutbox(sut)).map((entry) => entry.name)).toEqual(['job.create']);
	});

	it('sends a 450-item batch as job.create and two job.addItems, all or nothing', async () => {
		const { job, items } = await createJob(sut, batch(450));

		expect(items).toHaveLength(450);
		const outbox = await listOutbox(sut);
		expect(
			outbox.map((entry) => [entry.name, (entry.args as { items: unknown[] }).items.length])
		).toEqual([
			['job.create', 200],
			['job.addItems', 200],
			['job.addItems', 50]
		]);
		expect(outbox.every((entry) => (entry.args as { id: string }).id === job.id)).toBe(true);

		// The last chunk fails to apply: neither the job, nor any item, nor any outbox entry lands.
		sut.jobItems.hook('creating', (_key, item) => {
			if (item.prompt === 'bad 449') throw new Error('disk said no');
		});
		const bad = batch(450, {
			items: Array.from({ length: 450 }, (_, i) => ({ prompt: `bad ${i}` }))
		});
		await expect(createJob(sut, bad)).rejects.toThrow('disk said no');
		expect(await sut.jobs.count()).toBe(1);
		expect(await sut.jobItems.count()).toBe(450);
		expect(await sut.outbox.count()).toBe(3);
	});

	it('puts a new batch after the last job in the queue and records that order', async () => {
		const first = await createJob(sut, batch(1), 5000);
		const second = await createJob(sut, batch(1), 1000);

		expect(second.job.order).toBeGreaterThan(first.job.order);
		const outbox = await listOutbox(sut);
		expect((outbox[1].args as { order: number }).order).toBe(second.job.order);
	});

	it('pauses and resumes only a running job, and changes nothing on a finished one', async () => {
		const { job } = await createJob(sut, batch(1));
		await mutateOne(sut, 'job.patch', { id: job.id, fields: { state: 'paused' } });
		expect(await sut.jobs.get(job.id)).toMatchObject({ state: 'paused' });

		await mutateOne(sut, 'job.cancel', { id: job.id });
		const result = await mutateOne(sut, 'job.patch', { id: job.id, fields: { state: 'active' } });

		expect(result.mids).toEqual([]);
		expect(await sut.jobs.get(job.id)).toMatchObject({ state: 'cancelled' });
	});

	it('cancels queued items of a cancelled job but leaves submitted and settled ones', async () => {
		const { job, items } = await createJob(sut, batch(3));
		await sut.jobItems.update(items[0].id, { state: 'submitted' });
		await sut.jobItems.update(items[1].id, { state: 'done' });

		await mutateOne(sut, 'job.cancel', { id: job.id });

		const states = (await sut.jobItems.where('jobId').equals(job.id).sortBy('index')).map(
			(item) => item.state
		);
		expect(states).toEqual(['submitted', 'done', 'cancelled']);
	});

	it('deletes only a finished or cancelled job, with its items', async () => {
		const { job } = await createJob(sut, batch(2));
		expect((await mutateOne(sut, 'job.delete', { id: job.id })).mids).toEqual([]);

		await mutateOne(sut, 'job.cancel', { id: job.id });
		await mutateOne(sut, 'job.delete', { id: job.id }, 9000);

		expect(await sut.jobs.get(job.id)).toMatchObject({ deletedAt: 9000 });
		expect(
			(await sut.jobItems.where('jobId').equals(job.id).toArray()).every(
				(item) => item.deletedAt === 9000
			)
		).toBe(true);
		await expect(
			mutateOne(sut, 'job.patch', { id: job.id, fields: { name: 'x' } })
		).rejects.toMatchObject({ code: 'DELETED' });
	});

	it('takes over a job of another device: owner becomes this device and the epoch goes up by one', async () => {
		const { job } = await createJob(sut, batch(1));
		await sut.jobs.update(job.id, { ownerClientId: uuidv7(), claimEpoch: 4 });

		expect(await claimJob(sut, job.id)).toBe(true);

		expect(await sut.jobs.get(job.id)).toMatchObject({
			ownerClientId: await getClientId(sut),
			claimEpoch: 5
		});
		expect((await listOutbox(sut)).at(-1)).toMatchObject({
			name: 'job.claim',
			args: { id: job.id, epoch: 4 }
		});
	});

	it('ignores a claim with a stale epoch and a claim of a job already ours', async () => {
		const { job } = await createJob(sut, batch(1));
		expect(await claimJob(sut, job.id)).toBe(false); // ours already

		await sut.jobs.update(job.id, { ownerClientId: uuidv7(), claimEpoch: 2 });
		const stale = await mutateOne(sut, 'job.claim', { id: job.id, epoch: 1 });

		expect(stale.mids).toEqual([]);
		expect(await sut.jobs.get(job.id)).toMatchObject({ claimEpoch: 2 });
	});

	it('cancels a queued item, but not one the relay took', async () => {
		const { items } = await createJob(sut, batch(2));
		await sut.jobItems.update(items[1].id, { state: 'submitted' });

		expect((await mutateOne(sut, 'item.cancel', { id: items[0].id })).mids).toHaveLength(1);
		expect((await mutateOne(sut, 'item.cancel', { id: items[1].id })).mids).toEqual([]);

		expect(await sut.jobItems.get(items[0].id)).toMatchObject({ state: 'cancelled' });
		expect(await sut.jobItems.get(items[1].id)).toMatchObject({ state: 'submitted' });
	});

	it('retries a failed item in the next round under the new request id and reopens its job', async () => {
		const { job, items } = await createJob(sut, batch(1));
		await sut.jobItems.update(items[0].id, {
			state: 'failed',
			attempts: 3,
			error: { code: 'CONTENT_BLOCKED', message: 'no' }
		});
		await sut.jobs.update(job.id, { state: 'done' });
		const requestId = uuidv7();

		await mutateOne(sut, 'item.retry', { id: items[0].id, requestId });

		expect(await sut.jobItems.get(items[0].id)).toMatchObject({
			state: 'queued',
			round: 1,
			requestId,
			attempts: 0,
			error: null
		});
		expect(await sut.jobs.get(job.id)).toMatchObject({ state: 'active' });
		// Retrying an item that is not failed changes nothing.
		expect(
			(await mutateOne(sut, 'item.retry', { id: items[0].id, requestId: uuidv7() })).mids
		).toEqual([]);
	});

	it('names the job and its items as targets of job.create and job.addItems, the job of steering', () => {
		const [job, a, b] = [uuidv7(), uuidv7(), uuidv7()];
		const item = (id: string, index: number) => ({ id, index, prompt: 'x' });
		const create = {
			id: job,
			name: 'n',
			model: 'm',
			params,
			concurrency: 1,
			kind: 'prompts',
			order: 1,
			createdAt: 1,
			items: [item(a, 0)]
		};

		expect(mutationTargets('job.create', create)).toEqual([
			{ entity: 'job', id: job },
			{ entity: 'jobItem', id: a }
		]);
		expect(mutationTargets('job.addItems', { id: job, items: [item(b, 1)] })).toEqual([
			{ entity: 'job', id: job },
			{ entity: 'jobItem', id: b }
		]);
		for (const name of ['job.cancel', 'job.delete'] as const)
			expect(mutationTargets(name, { id: job })).toEqual([{ entity: 'job', id: job }]);
		expect(mutationTargets('job.claim', { id: job, epoch: 0 })).toEqual([
			{ entity: 'job', id: job }
		]);
		expect(mutationTargets('job.patch', { id: job, fields: { order: 2 } })).toEqual([
			{ entity: 'job', id: job }
		]);
		expect(mutationTargets('item.cancel', { id: a })).toEqual([{ entity: 'jobItem', id: a }]);
		expect(mutationTargets('item.retry', { id: a, requestId: b })).toEqual([
			{ entity: 'jobItem', id: a }
		]);
	});
});
