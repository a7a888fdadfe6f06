import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudioDB } from '../db/database';
import { listImages } from '../db/image.repository';
import { deleteTestDB, makeTestDB } from '../testing/factories';
import { FakeRelay, networkError, relayError } from '../testing/fake-relay';
import { GenerationRunner, type RunnerHooks } from './generation-runner';

const request = { model: 'demo/sketch', prompt: 'a banana', params: { aspectRatio: '1:1' as const }, count: 1 };

describe('GenerationRunner', () => {
	let db: StudioDB;
	let relay: FakeRelay;
	let hooks: Required<RunnerHooks>;
	let now: number;
	const makeSut = (online = () => true) => new GenerationRunner({ db, api: relay, hooks, isOnline: online, now: () => now });

	beforeEach(() => {
		db = makeTestDB();
		relay = new FakeRelay({ credits: 5 });
		hooks = { onBalance: vi.fn(), onItemFailed: vi.fn(), onSettled: vi.fn(), onError: vi.fn() };
		now = 10_000;
	});
	afterEach(() => deleteTestDB(db));

	it('submits, polls and stores the image with its thumbnail and original when the relay finishes', async () => {
		const sut = makeSut();
		const [item] = await sut.enqueue(request);

		expect(await sut.tick()).toBe(true); // submitted
		expect(hooks.onBalance).toHaveBeenCalledWith(4);
		expect(await sut.tick()).toBe(false); // done

		const images = await listImages(db);
		expect(images).toHaveLength(1);
		expect(images[0]).toMatchObject({ generationId: item.id, prompt: 'a banana', price: 1 });
		expect(await db.blobs.get(images[0].sha256)).toMatchObject({ kind: 'original', uploaded: 1 });
		expect(await db.blobs.get(images[0].thumbSha256)).toMatchObject({ kind: 'thumb' });
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'done', imageIds: [images[0].id] });
		expect(hooks.onSettled).toHaveBeenCalledTimes(1);
	});

	it('makes one request per image with its own id when the count is more than one', async () => {
		const sut = makeSut();
		const items = await sut.enqueue({ ...request, count: 3 });

		await sut.tick();
		await sut.tick();

		expect(new Set(relay.submits).size).toBe(3);
		expect(relay.submits.sort()).toEqual(items.map((i) => i.id).sort());
		expect(await listImages(db)).toHaveLength(3);
	});

	it('marks the item failed with the relay code and reports it when the generation fails', async () => {
		relay = new FakeRelay({ credits: 5, failWith: () => 'CONTENT_BLOCKED' });
		const sut = makeSut();
		const [item] = await sut.enqueue(request);

		await sut.tick();
		await sut.tick();

		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'failed', error: { code: 'CONTENT_BLOCKED' } });
		expect(hooks.onItemFailed).toHaveBeenCalledWith('CONTENT_BLOCKED');
		expect(relay.credits).toBe(5);
		expect(await listImages(db)).toHaveLength(0);
	});

	it('fails at once without retrying when the submit error is final', async () => {
		relay.failNext.push(() => relayError('INSUFFICIENT_CREDITS'));
		const sut = makeSut();
		const [item] = await sut.enqueue(request);

		expect(await sut.tick()).toBe(false);

		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'failed', error: { code: 'INSUFFICIENT_CREDITS' } });
	});

	it('keeps the item queued and resends the same id when the network fails', async () => {
		relay.failNext.push(networkError);
		const sut = makeSut();
		const [item] = await sut.enqueue(request);

		expect(await sut.tick()).toBe(true);
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'queued', attempts: 0 });

		now += 5_000;
		await sut.tick();
		await sut.tick();
		expect(relay.submits).toEqual([item.id]);
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'done' });
	});

	it('backs off for the time the relay asks when a retryable error comes back', async () => {
		relay.failNext.push(() => relayError('RATE_LIMITED', 30_000));
		const sut = makeSut();
		const [item] = await sut.enqueue(request);

		await sut.tick();

		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: 40_000 });
	});

	it('resumes polling from Dexie alone when a new runner starts after a reload', async () => {
		const first = makeSut();
		const [item] = await first.enqueue(request);
		await first.tick(); // submitted, then the tab reloads

		const second = makeSut();
		await second.tick();

		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'done' });
		expect(relay.submits).toEqual([item.id]);
	});

	it('submits again with the same id when the relay does not know a submitted item', async () => {
		const sut = makeSut();
		const [item] = await sut.enqueue(request);
		await sut.tick();
		relay.generations.clear();

		await sut.tick(); // unknown → queued
		await sut.tick(); // resubmitted
		await sut.tick(); // done

		expect(relay.submits).toEqual([item.id, item.id]);
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'done' });
	});

	it('waits without calling the relay when offline', async () => {
		const sut = makeSut(() => false);
		await sut.enqueue(request);

		expect(await sut.tick()).toBe(false);
		expect(relay.submits).toEqual([]);
	});

	it('rejects with StorageFullError and keeps the item submitted when storage is full while saving', async () => {
		const sut = makeSut();
		const [item] = await sut.enqueue(request);
		await sut.tick();
		vi.spyOn(db.blobs, 'bulkPut').mockRejectedValueOnce(new DOMException('full', 'QuotaExceededError'));

		await expect(sut.tick()).rejects.toMatchObject({ name: 'StorageFullError' });
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'submitted' });
		expect(await listImages(db)).toHaveLength(0);
	});
});
