import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudioDB } from '../db/database';
import { listImages } from '../db/image.repository';
import { createJob, createSingleJob, type NewJob } from '../db/job.repository';
import {
	cancelItem,
	cancelJob,
	claimJob,
	moveJob,
	pauseJob,
	resumeJob,
	retryFailedItems,
	setQueuePaused
} from '../db/job.repository.steering';
import { mergeItemRow } from '../db/mutations/item-order';
import { uuidv7 } from '../shared/ids';
import type { ItemState, JobItemRow } from '../shared/schemas/rows';
import { deleteTestDB, makeTestDB } from '../testing/factories';
import { FakeRelay, networkError, relayError } from '../testing/fake-relay';
import { QueueScheduler, type SchedulerHooks } from './scheduler';
import { ManualClock, ScriptedRelay } from './scripted-relay';

const params = { aspectRatio: '1:1' as const };
const single = { model: 'demo/sketch', prompt: 'a banana', params, count: 1 };
const batch = (count: number, overrides: Partial<NewJob> = {}): NewJob => ({
	kind: 'prompts',
	name: 'batch',
	model: 'demo/sketch',
	params,
	concurrency: 2,
	items: Array.from({ length: count }, (_, i) => ({ prompt: `prompt ${i}` })),
	...overrides
});
const RANK: Record<ItemState, number> = {
	queued: 0,
	submitted: 1,
	done: 2,
	failed: 2,
	cancelled: 2
};

describe('QueueScheduler', () => {
	let db: StudioDB;
	let clock: ManualClock;
	let hooks: Required<
		Pick<
			SchedulerHooks,
			'onBalance' | 'onItemFailed' | 'onSettled' | 'onError' | 'onJobFinished' | 'onJobPaused'
		>
	>;
	/** Every state change any item made, checked for going backwards. */
	let backwards: string[];

	const makeSut = (
		relay: ConstructorParameters<typeof QueueScheduler>[0]['relay'],
		options: {
			online?: () => boolean;
			maxInFlight?: number;
			beforeSubmit?: () => Promise<boolean>;
		} = {}
	) =>
		new QueueScheduler({
			db,
			relay,
			clock,
			random: () => 0.5,
			hooks,
			isOnline: options.online,
			maxInFlight: options.maxInFlight,
			pollMs: 700,
			beforeSubmit: options.beforeSubmit
		});

	/** Rounds until nothing is open (or `limit` rounds), a second of fake time apart. */
	async function drain(sut: QueueScheduler, limit = 200): Promise<void> {
		for (let i = 0; i < limit; i++) {
			await sut.round();
			await sut.settle();
			const open = await db.jobItems.where('state').anyOf('queued', 'submitted').count();
			const runnable = await db.jobs.where('state').equals('active').count();
			if (open === 0 || runnable === 0) return;
			clock.advance(1_000);
		}
	}

	/** A new empty database (property runs each get one). */
	async function fresh(): Promise<void> {
		if (db) await deleteTestDB(db);
		db = makeTestDB();
		backwards = [];
		db.jobItems.hook('updating', (changes: Partial<JobItemRow>, _key, item: JobItemRow) => {
			if (changes.state && RANK[changes.state] < RANK[item.state])
				backwards.push(`${item.state}→${changes.state}`);
			if (changes.state && RANK[item.state] === 2 && changes.state !== item.state)
				backwards.push(`${item.state}→${changes.state}`);
		});
	}

	beforeEach(async () => {
		await fresh();
		clock = new ManualClock();
		hooks = {
			onBalance: vi.fn(),
			onItemFailed: vi.fn(),
			onSettled: vi.fn(),
			onError: vi.fn(),
			onJobFinished: vi.fn(),
			onJobPaused: vi.fn()
		};
	});
	afterEach(() => deleteTestDB(db));

	it('submits, polls and stores the image with its thumbnail and original when the relay finishes', async () => {
		const relay = new FakeRelay({ credits: 5 });
		const sut = makeSut(relay);
		const [item] = await createSingleJob(db, single);

		await sut.round();
		await sut.settle();
		expect(hooks.onBalance).toHaveBeenCalledWith(4);
		await sut.round();

		const images = await listImages(db);
		expect(images).toHaveLength(1);
		expect(images[0]).toMatchObject({ generationId: item.id, prompt: 'a banana', price: 1 });
		expect(await db.blobs.get(images[0].sha256)).toMatchObject({ kind: 'original', uploaded: 1 });
		expect(await db.jobItems.get(item.id)).toMatchObject({
			state: 'done',
			imageIds: [images[0].id]
		});
		expect(hooks.onJobFinished).toHaveBeenCalledWith(
			expect.objectContaining({ id: item.jobId, state: 'done' })
		);
	});

	it('makes one request per image, each under its own id, when a prompt runs several times', async () => {
		const relay = new ScriptedRelay();
		const sut = makeSut(relay);
		const items = await createSingleJob(db, { ...single, count: 3 });

		await drain(sut);

		expect(relay.started.sort()).toEqual(items.map((i) => i.id).sort());
		expect(await db.jobItems.where('state').equals('done').count()).toBe(3);
	});

	it('marks the item failed with the relay code and does not retry when the generation fails for good', async () => {
		const relay = new ScriptedRelay({
			outcome: () => ({ code: 'CONTENT_BLOCKED', retryable: false })
		});
		const sut = makeSut(relay);
		const [item] = await createSingleJob(db, single);

		await drain(sut);

		expect(await db.jobItems.get(item.id)).toMatchObject({
			state: 'failed',
			attempts: 1,
			error: { code: 'CONTENT_BLOCKED' }
		});
		expect(relay.started).toEqual([item.id]);
		expect(hooks.onItemFailed).toHaveBeenCalledWith(
			expect.objectContaining({ id: item.id }),
			'CONTENT_BLOCKED'
		);
	});

	it('fails at once without retrying when the submit error is final', async () => {
		const relay = new ScriptedRelay({ refuse: () => ({ code: 'PARAM_NOT_SUPPORTED' }) });
		const sut = makeSut(relay);
		const [item] = await createSingleJob(db, single);

		await drain(sut);

		expect(relay.submitCalls).toEqual([item.id]);
		expect(await db.jobItems.get(item.id)).toMatchObject({
			state: 'failed',
			error: { code: 'PARAM_NOT_SUPPORTED' }
		});
	});

	it('retries a retryable generation failure under a fresh id and gives up after three tries', async () => {
		const relay = new ScriptedRelay({
			outcome: () => ({ code: 'PROVIDER_UNAVAILABLE', retryable: true })
		});
		const sut = makeSut(relay);
		const [item] = await createSingleJob(db, single);

		await drain(sut);

		expect(relay.started).toHaveLength(3);
		expect(relay.started[0]).toBe(item.id);
		expect(new Set(relay.started).size).toBe(3);
		expect(await db.jobItems.get(item.id)).toMatchObject({
			state: 'failed',
			attempts: 3,
			error: { code: 'PROVIDER_UNAVAILABLE' }
		});
		expect(backwards).toEqual([]);
	});

	it('keeps the item queued and resends the same id when the network fails', async () => {
		const relay = new FakeRelay({ credits: 5 });
		relay.failNext.push(networkError);
		const sut = makeSut(relay);
		const [item] = await createSingleJob(db, single);

		await sut.round();
		await sut.settle();
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'queued', attempts: 0 });

		await drain(sut);
		expect(relay.submits).toEqual([item.id]);
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'done' });
	});

	it('waits at least as long as Retry-After when the relay rate-limits, without using up a try', async () => {
		const relay = new FakeRelay({ credits: 5 });
		relay.failNext.push(() => relayError('RATE_LIMITED', 30_000));
		const sut = makeSut(relay);
		const [item] = await createSingleJob(db, single);

		await sut.round();
		await sut.settle();

		const after = await db.jobItems.get(item.id);
		expect(after).toMatchObject({ state: 'queued', attempts: 0 });
		expect(after!.nextAttemptAt).toBeGreaterThanOrEqual(clock.now() + 30_000);
		clock.advance(29_000);
		await sut.round();
		await sut.settle();
		expect(relay.submits).toEqual([]); // nothing sent before Retry-After
	});

	it('backs off retryable submit errors for at least Retry-After and fails after three tries', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: 120_000 }), async (retryAfterMs) => {
				await fresh();
				const relay = new ScriptedRelay({
					refuse: () => ({ code: 'PROVIDER_UNAVAILABLE', retryAfterMs })
				});
				const sut = makeSut(relay);
				const [item] = await createSingleJob(db, single);
				const sentAt: number[] = [];
				const submit = relay.submit.bind(relay);
				relay.submit = (input) => (sentAt.push(clock.now()), submit(input));

				await drain(sut, 400);

				expect(sentAt).toHaveLength(3);
				for (let i = 1; i < sentAt.length; i++)
					expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(retryAfterMs);
				const after = await db.jobItems.get(item.id);
				expect(after, JSON.stringify(after)).toMatchObject({ state: 'failed', attempts: 3 });
			}),
			{ numRuns: 15 }
		);
	}, 60_000);

	it('resumes from Dexie alone after a reload: asks for submitted items by id, no new charge', async () => {
		const relay = new ScriptedRelay({ pollsToFinish: 2 });
		const first = makeSut(relay);
		const items = await createSingleJob(db, { ...single, count: 2 });
		await first.round();
		await first.settle(); // both submitted, then the tab reloads

		await drain(makeSut(relay));

		expect(relay.started.sort()).toEqual(items.map((i) => i.id).sort());
		expect(await db.jobItems.where('state').equals('done').count()).toBe(2);
	});

	it('sends the same id again when the relay does not know a submitted item', async () => {
		const relay = new ScriptedRelay();
		const sut = makeSut(relay);
		const [item] = await createSingleJob(db, single);
		await sut.round();
		await sut.settle();
		relay.forget(item.id);

		await drain(sut);

		expect(relay.submitCalls).toEqual([item.id, item.id]);
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'done', attempts: 1 });
		expect(backwards).toEqual([]);
	});

	it('waits without calling the relay when offline', async () => {
		const relay = new ScriptedRelay();
		const sut = makeSut(relay, { online: () => false });
		await createSingleJob(db, single);

		await sut.round();
		await sut.settle();

		expect(relay.submitCalls).toEqual([]);
		expect(sut.phase).toBe('offline');
	});

	it('rejects with StorageFullError and keeps the item submitted when storage is full while saving', async () => {
		const relay = new FakeRelay({ credits: 5 });
		const sut = makeSut(relay);
		const [item] = await createSingleJob(db, single);
		await sut.round();
		await sut.settle();
		vi.spyOn(db.blobs, 'bulkPut').mockRejectedValueOnce(
			new DOMException('full', 'QuotaExceededError')
		);

		await expect(sut.round()).rejects.toMatchObject({ name: 'StorageFullError' });
		expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'submitted' });
		expect(await listImages(db)).toHaveLength(0);
	});

	it('never runs more than the job concurrency, sends no item twice at once, and moves items only forward', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 10 }),
				fc.integer({ min: 1, max: 25 }),
				fc.integer({ min: 0, max: 3 }),
				fc.array(fc.constantFrom('ok', 'retry', 'final'), { minLength: 1, maxLength: 8 }),
				fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
				async (concurrency, count, pollsToFinish, outcomes, busy) => {
					await fresh();
					let submits = 0;
					let settles = 0;
					const relay = new ScriptedRelay({
						pollsToFinish,
						// The relay says "too busy" on some submits (never on all of them in a row).
						refuse: () =>
							busy[submits++ % (busy.length + 1)]
								? { code: 'TOO_MANY_IN_FLIGHT', retryAfterMs: 500 }
								: null,
						outcome: () => {
							const kind = outcomes[settles++ % outcomes.length];
							return kind === 'retry'
								? { code: 'PROVIDER_TIMEOUT', retryable: true }
								: kind === 'final'
									? { code: 'NO_IMAGE_RETURNED', retryable: false }
									: null;
						}
					});
					const sut = makeSut(relay);
					const { job } = await createJob(db, batch(count, { concurrency }));

					await drain(sut, 500);

					expect(relay.peakRunning).toBeLessThanOrEqual(concurrency);
					expect(relay.overlapping).toEqual([]);
					expect(backwards).toEqual([]);
					const items = await db.jobItems.where('jobId').equals(job.id).toArray();
					expect(items.every((item) => item.state === 'done' || item.state === 'failed')).toBe(
						true
					);
					expect(items.every((item) => item.attempts <= 3)).toBe(true);
					// One charge per try that the relay started: never more than three per item.
					expect(relay.started.length).toBeLessThanOrEqual(count * 3);
				}
			),
			{ numRuns: 20 }
		);
	}, 120_000);

	it('lowers its cap to what the relay allows when told TOO_MANY_IN_FLIGHT', async () => {
		const relay = new ScriptedRelay({ inFlightLimit: 3, pollsToFinish: 3 });
		const sut = makeSut(relay);
		await createJob(db, batch(12, { concurrency: 8 }));

		await drain(sut);

		expect(relay.peakRunning).toBeLessThanOrEqual(3);
		expect(sut.cap).toBeLessThanOrEqual(3);
		expect(await db.jobItems.where('state').equals('done').count()).toBe(12);
	});

	it('runs single generations before batches and batches in queue order', async () => {
		const relay = new ScriptedRelay({ pollsToFinish: 0 });
		const sut = makeSut(relay, { maxInFlight: 1 });
		const first = await createJob(db, batch(2, { name: 'first', concurrency: 1 }));
		const second = await createJob(db, batch(2, { name: 'second', concurrency: 1 }));
		await moveJob(db, second.job.id, -1);
		const [solo] = await createSingleJob(db, single);

		await drain(sut);

		const order = relay.started.map((id) =>
			id === solo.id ? 'single' : first.items.some((i) => i.id === id) ? 'first' : 'second'
		);
		expect(order).toEqual(['single', 'second', 'second', 'first', 'first']);
	});

	it('sends nothing for a paused job until it is resumed; items already at the relay still finish', async () => {
		const relay = new ScriptedRelay({ pollsToFinish: 1 });
		const sut = makeSut(relay);
		const { job } = await createJob(db, batch(4, { concurrency: 2 }));
		await sut.round();
		await sut.settle(); // two submitted
		await pauseJob(db, job.id);

		await drain(sut, 5);
		expect(relay.started).toHaveLength(2);
		expect(await db.jobItems.where('state').equals('done').count()).toBe(2);

		await resumeJob(db, job.id);
		await drain(sut);
		expect(relay.started).toHaveLength(4);
		expect(await db.jobs.get(job.id)).toMatchObject({ state: 'done' });
	});

	it('sends nothing while the whole queue is paused', async () => {
		const relay = new ScriptedRelay();
		const sut = makeSut(relay);
		await createJob(db, batch(2));
		await setQueuePaused(db, true);

		await sut.round();
		await sut.settle();
		expect(relay.submitCalls).toEqual([]);
		expect(sut.phase).toBe('paused');

		await setQueuePaused(db, false);
		await drain(sut);
		expect(relay.started).toHaveLength(2);
	});

	it('cancels only waiting items: a cancelled job keeps the results already at the relay', async () => {
		const relay = new ScriptedRelay({ pollsToFinish: 1 });
		const sut = makeSut(relay);
		const { job, items } = await createJob(db, batch(5, { concurrency: 2 }));
		await sut.round();
		await sut.settle();

		expect(await cancelItem(db, items[0].id)).toBe(false); // at the relay
		expect(await cancelItem(db, items[4].id)).toBe(true);
		expect(await cancelJob(db, job.id)).toBe(2);
		await drain(sut);

		const states = (await db.jobItems.where('jobId').equals(job.id).sortBy('index')).map(
			(item) => item.state
		);
		expect(states).toEqual(['done', 'done', 'cancelled', 'cancelled', 'cancelled']);
		expect(relay.started).toHaveLength(2);
		expect(await db.jobs.get(job.id)).toMatchObject({ state: 'cancelled' });
		expect(backwards).toEqual([]);
	});

	it('retries failed items under fresh ids when asked', async () => {
		let blocked = true;
		const relay = new ScriptedRelay({
			outcome: () => (blocked ? { code: 'CONTENT_BLOCKED', retryable: false } : null)
		});
		const sut = makeSut(relay);
		const { job, items } = await createJob(db, batch(2));
		await drain(sut);
		expect(await db.jobs.get(job.id)).toMatchObject({ state: 'done' });

		blocked = false;
		expect(await retryFailedItems(db, job.id)).toBe(2);
		await drain(sut);

		expect(await db.jobItems.where('state').equals('done').count()).toBe(2);
		expect(relay.started).toHaveLength(4);
		expect(relay.started.slice(2)).not.toContain(items[0].id);
	});

	it('pauses the job instead of failing its items when the balance runs out', async () => {
		const relay = new ScriptedRelay({ credits: 2, pollsToFinish: 0 });
		const sut = makeSut(relay, { maxInFlight: 1 });
		const { job } = await createJob(db, batch(4, { concurrency: 1 }));

		await drain(sut);

		expect(await db.jobs.get(job.id)).toMatchObject({ state: 'paused' });
		const states = (await db.jobItems.where('jobId').equals(job.id).sortBy('index')).map(
			(item) => item.state
		);
		expect(states).toEqual(['done', 'done', 'queued', 'queued']);
		expect(hooks.onJobPaused).toHaveBeenCalledWith(
			expect.objectContaining({ id: job.id }),
			'INSUFFICIENT_CREDITS'
		);

		relay.credits = 10;
		await resumeJob(db, job.id);
		await drain(sut);
		expect(await db.jobs.get(job.id)).toMatchObject({ state: 'done' });
	});

	it('finds an item re-queued behind the point it had reached once told to rescan', async () => {
		let blockFirst = true;
		const relay = new ScriptedRelay({
			outcome: (input) =>
				blockFirst && input.prompt === 'prompt 0'
					? { code: 'CONTENT_BLOCKED', retryable: false }
					: null
		});
		const sut = makeSut(relay);
		const { job, items } = await createJob(db, batch(30, { concurrency: 5 }));
		await drain(sut);
		expect(await db.jobItems.get(items[0].id)).toMatchObject({ state: 'failed' });

		blockFirst = false;
		await retryFailedItems(db, job.id);
		sut.rescan();
		await drain(sut);

		expect(await db.jobItems.where('state').equals('done').count()).toBe(30);
	});

	describe('across devices', () => {
		it("submits nothing of another device's job, and runs a job made before sync (no owner) as ours", async () => {
			const relay = new ScriptedRelay({ pollsToFinish: 0 });
			const sut = makeSut(relay);
			const theirs = await createJob(db, batch(2));
			await db.jobs.update(theirs.job.id, { ownerClientId: uuidv7() });
			const legacy = await createJob(db, batch(1));
			await db.jobs.update(legacy.job.id, { ownerClientId: null });

			await drain(sut, 10);

			expect(relay.submitCalls).toEqual([legacy.items[0].id]);
			expect(
				(await db.jobItems.where('jobId').equals(theirs.job.id).toArray()).map((item) => item.state)
			).toEqual(['queued', 'queued']);
		});

		it('sends the item id and the job claim epoch with every submit, and submits after taking a job over', async () => {
			const relay = new ScriptedRelay({ pollsToFinish: 0 });
			const sut = makeSut(relay);
			const { job, items } = await createJob(db, batch(1));
			await db.jobs.update(job.id, { ownerClientId: uuidv7(), claimEpoch: 3 });
			await drain(sut, 3);
			expect(relay.submitCalls).toEqual([]);

			await claimJob(db, job.id);
			await drain(sut);

			expect(relay.generations.get(items[0].id)?.input).toMatchObject({
				id: items[0].id,
				itemId: items[0].id,
				claimEpoch: 4
			});
		});

		it('stops submitting a job here, without failing its items, when the relay says another device claimed it', async () => {
			const relay = new ScriptedRelay({ refuse: () => ({ code: 'JOB_CLAIMED_ELSEWHERE' }) });
			const sut = makeSut(relay);
			const { job } = await createJob(db, batch(4, { concurrency: 1 }));

			await drain(sut, 10);

			expect(relay.submitCalls).toHaveLength(1);
			expect(
				(await db.jobItems.where('jobId').equals(job.id).toArray()).every(
					(item) => item.state === 'queued' && item.error === null
				)
			).toBe(true);
			expect(hooks.onItemFailed).not.toHaveBeenCalled();
		});

		it('waits to submit until beforeSubmit says the job is at the relay', async () => {
			let pushed = false;
			const relay = new ScriptedRelay({ pollsToFinish: 0 });
			const sut = makeSut(relay, { beforeSubmit: async () => pushed });
			const [item] = await createSingleJob(db, single);

			const wakeAt = await sut.round();
			await sut.settle();
			expect(relay.submitCalls).toEqual([]);
			expect(wakeAt).not.toBeNull();

			pushed = true;
			clock.time = wakeAt!;
			await sut.round();
			await sut.settle();
			expect(relay.submitCalls).toEqual([item.id]);
		});

		it('fires the failed and finished hooks once when the results arrive through a pull', async () => {
			const relay = new ScriptedRelay({ pollsToFinish: 1_000 }); // the relay never answers a poll with a result
			const sut = makeSut(relay);
			const { job, items } = await createJob(db, batch(2));
			sut.start();
			await sut.settle();
			expect(await db.jobItems.where('state').equals('submitted').count()).toBe(2);

			// The pull stores the relay's rows: one done with its image, one failed.
			const [a, b] = await db.jobItems.bulkGet(items.map((item) => item.id));
			await db.jobItems.bulkPut([
				mergeItemRow(a, { ...a!, state: 'done', imageIds: ['img-a'] }),
				mergeItemRow(b, {
					...b!,
					state: 'failed',
					error: { code: 'CONTENT_BLOCKED', message: 'no' }
				})
			]);
			sut.rescan();
			await sut.settle();
			sut.rescan();
			clock.advance(60_000);
			await sut.round();
			await sut.settle();
			sut.stop();

			expect(hooks.onItemFailed).toHaveBeenCalledTimes(1);
			expect(hooks.onItemFailed).toHaveBeenCalledWith(
				expect.objectContaining({ id: b!.id }),
				'CONTENT_BLOCKED'
			);
			expect(hooks.onJobFinished).toHaveBeenCalledTimes(1);
			expect(hooks.onJobFinished).toHaveBeenCalledWith(
				expect.objectContaining({ id: job.id, state: 'done' })
			);
			expect(await db.jobItems.get(a!.id)).toMatchObject({ state: 'done', imageIds: ['img-a'] });
		});

		it('never moves back an item the pull already settled when its own poll answers late', async () => {
			const relay = new ScriptedRelay({
				pollsToFinish: 1,
				outcome: () => ({ code: 'PROVIDER_TIMEOUT', retryable: true })
			});
			const sut = makeSut(relay);
			const [item] = await createSingleJob(db, single);
			await sut.round();
			await sut.settle();
			const stored = await db.jobItems.get(item.id);
			await db.jobItems.put(
				mergeItemRow(stored, { ...stored!, state: 'done', imageIds: ['img-x'] })
			);

			await drain(sut, 5);

			expect(await db.jobItems.get(item.id)).toMatchObject({ state: 'done', imageIds: ['img-x'] });
			expect(backwards).toEqual([]);
			expect(hooks.onJobFinished).toHaveBeenCalledTimes(1);
		});
	});
});
