import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { startTestRelay, type Caller, type TestRelay } from '../../testing/test-relay';
import { latest, newPrompt, testDevice, type TestDevice } from '../../testing/sync-kit';

async function rowOf(
	device: TestDevice,
	entity: string,
	id: string
): Promise<Record<string, unknown> | { deleted: true } | undefined> {
	const change = latest((await device.pullAll()).changes).get(`${entity}/${id}`);
	return change && 'row' in change ? change.row : change ? { deleted: true } : undefined;
}

const newJob = (items = 2, overrides: Record<string, unknown> = {}) => ({
	id: uuidv7(),
	name: 'Batch',
	model: 'demo/sketch',
	params: { aspectRatio: '1:1' },
	concurrency: 1,
	kind: 'prompts',
	order: 1,
	createdAt: Date.now(),
	items: Array.from({ length: items }, (_, index) => ({
		id: uuidv7(),
		index,
		prompt: `fox ${index}`
	})),
	...overrides
});

describe('sync conflict rules (SYNC §4.7)', () => {
	let relay: TestRelay;
	let caller: Caller;
	let laptop: TestDevice;
	let phone: TestDevice;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());
	const twoDevices = async () => {
		({ caller } = await relay.signUp());
		laptop = testDevice(caller);
		phone = testDevice(caller);
	};

	it('keeps both edits when two devices patch different fields', async () => {
		await twoDevices();
		const prompt = newPrompt();
		await laptop.push('prompt.create', prompt);
		await laptop.push('prompt.patch', { id: prompt.id, fields: { title: 'Laptop title' } });
		await phone.push('prompt.patch', {
			id: prompt.id,
			fields: { favourite: true, params: { aspectRatio: '16:9' }, model: 'demo/sketch' }
		});
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({
			title: 'Laptop title',
			favourite: true,
			text: prompt.text,
			params: { aspectRatio: '16:9' },
			model: 'demo/sketch'
		});
		await laptop.push('prompt.patch', { id: prompt.id, fields: { params: null } });
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({
			params: null,
			favourite: true
		});
	});

	it('lets the later push win when two devices patch the same field', async () => {
		await twoDevices();
		const prompt = newPrompt();
		await laptop.push('prompt.create', prompt);
		await phone.push('prompt.patch', { id: prompt.id, fields: { text: 'from the phone' } });
		await laptop.push('prompt.patch', { id: prompt.id, fields: { text: 'from the laptop' } });
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({ text: 'from the laptop' });
		const revisions = await caller.sync.revisions({ promptId: prompt.id });
		expect(revisions.map((r) => r.text)).toEqual([
			'from the laptop',
			'from the phone',
			prompt.text
		]);
	});

	it('refuses edits to a prompt in the Trash until it is restored', async () => {
		await twoDevices();
		const prompt = newPrompt();
		await laptop.push('prompt.create', prompt);
		await laptop.push('prompt.delete', { id: prompt.id });
		expect(
			await phone.push('prompt.patch', { id: prompt.id, fields: { title: 'late edit' } })
		).toMatchObject({ rejected: [{ code: 'DELETED' }] });
		expect(await phone.push('tag.add', { promptId: prompt.id, tag: 'late' })).toMatchObject({
			rejected: [{ code: 'DELETED' }]
		});
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({
			title: 'Fox',
			deletedAt: expect.any(Number)
		});
		await laptop.push('prompt.restore', { id: prompt.id });
		expect(
			await phone.push('prompt.patch', { id: prompt.id, fields: { title: 'after restore' } })
		).toMatchObject({ rejected: [] });
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({
			title: 'after restore',
			deletedAt: null
		});
	});

	it('sends a tombstone and refuses a restore when a prompt is discarded', async () => {
		await twoDevices();
		const prompt = newPrompt();
		await laptop.push('prompt.create', prompt);
		await laptop.push('prompt.discard', { id: prompt.id });
		expect(await rowOf(phone, 'prompt', prompt.id)).toEqual({ deleted: true });
		expect(await phone.push('prompt.restore', { id: prompt.id })).toMatchObject({
			rejected: [{ code: 'DELETED' }]
		});
	});

	it('treats a create of an existing id as a patch', async () => {
		await twoDevices();
		const prompt = newPrompt({ tags: ['a'] });
		await laptop.push('prompt.create', prompt);
		expect(
			await phone.push('prompt.create', { ...prompt, title: 'Again', tags: ['b'], usageCount: 9 })
		).toMatchObject({ rejected: [] });
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({
			title: 'Again',
			tags: ['a', 'b'],
			usageCount: 0
		});
	});

	it('adds up usage bumps from two devices', async () => {
		await twoDevices();
		const prompt = newPrompt({ usageCount: 5 });
		await laptop.push('prompt.create', prompt);
		await Promise.all([
			laptop.push('prompt.bumpUsage', { id: prompt.id, by: 1 }),
			phone.push('prompt.bumpUsage', { id: prompt.id, by: 1 })
		]);
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({
			usageCount: 7,
			lastUsedAt: expect.any(Number)
		});
	});

	it('treats tags as a set: adds are idempotent, a remove removes, a re-add revives', async () => {
		await twoDevices();
		const prompt = newPrompt();
		await laptop.push('prompt.create', prompt);
		await laptop.push('tag.add', { promptId: prompt.id, tag: ' #Sunset ' });
		await phone.push('tag.add', { promptId: prompt.id, tag: 'sunset' });
		await phone.push('tag.add', { promptId: prompt.id, tag: 'fox' });
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({ tags: ['fox', 'sunset'] });
		await laptop.push('tag.remove', { promptId: prompt.id, tag: 'sunset' });
		expect(await rowOf(phone, 'prompt', prompt.id)).toMatchObject({ tags: ['fox'] });
		await phone.push('tag.add', { promptId: prompt.id, tag: 'sunset' });
		expect(await rowOf(laptop, 'prompt', prompt.id)).toMatchObject({ tags: ['fox', 'sunset'] });
	});

	it('moves a batch to the claiming device only with the current epoch', async () => {
		await twoDevices();
		const job = newJob();
		await laptop.push('job.create', job);
		expect(await rowOf(phone, 'job', job.id)).toMatchObject({
			ownerClientId: laptop.clientId,
			claimEpoch: 0,
			state: 'active'
		});
		expect(await phone.push('job.claim', { id: job.id, epoch: 0 })).toMatchObject({ rejected: [] });
		expect(await laptop.push('job.claim', { id: job.id, epoch: 0 })).toMatchObject({
			rejected: [{ code: 'CONFLICT' }]
		});
		expect(await rowOf(laptop, 'job', job.id)).toMatchObject({
			ownerClientId: phone.clientId,
			claimEpoch: 1
		});
	});

	it('cancels only queued items and finishes the batch when none is left open', async () => {
		await twoDevices();
		const job = newJob(2);
		await laptop.push('job.create', job);
		await phone.push('item.cancel', { id: job.items[0].id });
		expect(await rowOf(phone, 'jobItem', job.items[0].id)).toMatchObject({
			state: 'cancelled',
			finishedAt: expect.any(Number)
		});
		expect(await rowOf(phone, 'job', job.id)).toMatchObject({ state: 'active' });
		await phone.push('item.cancel', { id: job.items[1].id });
		expect(await rowOf(phone, 'job', job.id)).toMatchObject({ state: 'done' });
		await laptop.push('job.delete', { id: job.id });
		expect(await rowOf(phone, 'job', job.id)).toMatchObject({
			state: 'done',
			deletedAt: expect.any(Number)
		});
	});

	it('cancels a batch: queued items become cancelled, pause is ignored afterwards', async () => {
		await twoDevices();
		const job = newJob(3);
		await laptop.push('job.create', job);
		await laptop.push('job.patch', { id: job.id, fields: { state: 'paused', name: 'Renamed' } });
		expect(await rowOf(phone, 'job', job.id)).toMatchObject({ state: 'paused', name: 'Renamed' });
		await phone.push('job.cancel', { id: job.id });
		await laptop.push('job.patch', { id: job.id, fields: { state: 'active' } });
		const { changes } = await phone.pullAll();
		const rows = [...latest(changes).values()].flatMap((c) => ('row' in c ? [c] : []));
		expect(rows.filter((c) => c.entity === 'jobItem').map((c) => c.row.state)).toEqual([
			'cancelled',
			'cancelled',
			'cancelled'
		]);
		expect(rows.find((c) => c.entity === 'job')?.row).toMatchObject({ state: 'cancelled' });
	});

	it('aborts the push as retryable when a batch points at a source image not uploaded yet', async () => {
		await twoDevices();
		const job = newJob(1);
		job.items[0] = { ...job.items[0], sourceHashes: ['a'.repeat(64)] } as (typeof job.items)[0];
		await expect(laptop.push('job.create', job)).rejects.toMatchObject({
			cause: { detail: { code: 'SOURCE_IMAGE_MISSING' } }
		});
		laptop.nextMid = 1;
		expect(await laptop.push('prompt.create', newPrompt())).toMatchObject({ lastMid: 1 });
	});

	it('refuses collection memberships of images the user does not own', async () => {
		await twoDevices();
		const collection = { id: uuidv7(), name: 'Favourites' };
		await laptop.push('collection.create', collection);
		expect(
			await laptop.push('collection.add', { id: collection.id, imageIds: [uuidv7(), 'not-a-uuid'] })
		).toMatchObject({ rejected: [{ code: 'NOT_FOUND' }] });
		await phone.push('collection.patch', { id: collection.id, fields: { name: 'Best' } });
		expect(await rowOf(laptop, 'collection', collection.id)).toMatchObject({ name: 'Best' });
		expect(await laptop.push('image.patch', { id: 'nope', fields: { rating: 3 } })).toMatchObject({
			rejected: [{ code: 'NOT_FOUND' }]
		});
	});

	it('keeps images in a collection as a set and drops the memberships when the collection is discarded', async () => {
		await twoDevices();
		const id = uuidv7();
		await caller.generate.submit({
			id,
			model: 'demo/sketch',
			prompt: 'a fox',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		const [image] = (await relay.waitForGeneration(caller, id)).images;
		const collection = { id: uuidv7(), name: 'Foxes' };
		await laptop.push('collection.create', collection);
		await laptop.push('collection.add', { id: collection.id, imageIds: [image.id] });
		await phone.push('collection.add', { id: collection.id, imageIds: [image.id.toUpperCase()] });
		await phone.push('image.patch', { id: image.id, fields: { favourite: true, rating: 4 } });
		expect(await rowOf(phone, 'collectionImage', `${collection.id}:${image.id}`)).toMatchObject({
			collectionId: collection.id,
			imageId: image.id
		});
		expect(await rowOf(phone, 'image', image.id)).toMatchObject({ favourite: true, rating: 4 });
		await laptop.push('collection.discard', { id: collection.id });
		expect(await rowOf(phone, 'collectionImage', `${collection.id}:${image.id}`)).toEqual({
			deleted: true
		});
		expect(await rowOf(phone, 'collection', collection.id)).toEqual({ deleted: true });
	});
});
