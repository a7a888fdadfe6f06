import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uuidv7 } from '#shared/ids';
import type { ErrorCode } from '#shared/protocol';
import { startTestRelay, type Caller, type TestRelay } from '../../testing/test-relay';
import { latest, testDevice, type TestDevice } from '../../testing/sync-kit';
import { assertInvariants } from '../../testing/invariants';
import { markItemDone, markItemFailed, markItemSubmitted } from './item-progress';

const RANK = { queued: 0, submitted: 1, done: 2, failed: 2, cancelled: 2 } as const;

const newJob = (prompts: string[]) => ({
	id: uuidv7(),
	name: 'Batch',
	model: 'demo/sketch',
	params: { aspectRatio: '1:1' as const },
	concurrency: 1,
	kind: 'prompts',
	order: 1,
	createdAt: Date.now(),
	items: prompts.map((prompt, index) => ({ id: uuidv7(), index, prompt }))
});

describe('generation ↔ job item', () => {
	let relay: TestRelay;
	let caller: Caller;
	let userId: string;
	let device: TestDevice;
	beforeAll(async () => {
		// Generations take a moment, so a second try can arrive while the first is at the provider.
		relay = await startTestRelay({ RATE_LIMIT_PER_MINUTE: '1000', DEMO_LATENCY_MS: '300' });
	});
	afterEach(() => assertInvariants(relay.deps.db));
	afterAll(() => relay.close());

	async function batch(prompts: string[]) {
		({
			caller,
			user: { id: userId }
		} = await relay.signUp());
		device = testDevice(caller);
		const job = newJob(prompts);
		await device.push('job.create', job);
		return job;
	}
	const submitItem = (
		job: ReturnType<typeof newJob>,
		index: number,
		extra: { id?: string; claimEpoch?: number } = {}
	) =>
		caller.generate.submit({
			id: extra.id ?? job.items[index].id,
			model: job.model,
			prompt: job.items[index].prompt,
			params: job.params,
			sourceHashes: [],
			itemId: job.items[index].id,
			claimEpoch: extra.claimEpoch ?? 0
		});
	const rows = async () => {
		const all = [...latest((await device.pullAll()).changes).values()].flatMap((c) =>
			'row' in c ? [c] : []
		);
		return {
			job: all.find((c) => c.entity === 'job')!.row,
			items: all.filter((c) => c.entity === 'jobItem').map((c) => c.row)
		};
	};

	it('moves the item to done with its image and finishes the batch when the generation succeeds', async () => {
		const job = await batch(['a fox']);
		await submitItem(job, 0);
		expect((await rows()).items[0]).toMatchObject({
			state: 'submitted',
			requestId: job.items[0].id,
			attempts: 1,
			submittedAt: expect.any(Number)
		});
		const done = await relay.waitForGeneration(caller, job.items[0].id);
		const { job: jobRow, items } = await rows();
		expect(items[0]).toMatchObject({
			state: 'done',
			imageIds: done.images.map((i) => i.id),
			finishedAt: expect.any(Number),
			error: null
		});
		expect(jobRow).toMatchObject({ state: 'done' });
	});

	it('refuses a stale claim epoch before charging', async () => {
		const job = await batch(['a fox']);
		await testDevice(caller).push('job.claim', { id: job.id, epoch: 0 });
		const before = (await relay.user(userId)).credits;
		await expect(submitItem(job, 0, { claimEpoch: 0 })).rejects.toMatchObject({
			cause: { detail: { code: 'JOB_CLAIMED_ELSEWHERE' } }
		});
		expect((await relay.user(userId)).credits).toBe(before);
		expect((await rows()).items[0]).toMatchObject({ state: 'queued', attempts: 0 });
	});

	it('refuses a second try of an item that is still at the provider under another request id', async () => {
		const job = await batch(['a fox']);
		await submitItem(job, 0);
		const before = (await relay.user(userId)).credits;
		const second = submitItem(job, 0, { id: uuidv7() });
		await expect(second).rejects.toMatchObject({
			cause: { detail: { code: 'IDEMPOTENCY_CONFLICT' } }
		});
		expect((await relay.user(userId)).credits).toBe(before);
		await relay.waitForGeneration(caller, job.items[0].id);
	});

	it('refuses a cancelled item without charging', async () => {
		const job = await batch(['a fox']);
		await device.push('item.cancel', { id: job.items[0].id });
		const before = (await relay.user(userId)).credits;
		await expect(submitItem(job, 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect((await relay.user(userId)).credits).toBe(before);
	});

	it('fails the item with the code on a final failure, and keeps it submitted without submittedAt on a retryable one', async () => {
		const job = await batch(['[demo:fail:CONTENT_BLOCKED]', '[demo:fail:PROVIDER_UNAVAILABLE]']);
		await submitItem(job, 0);
		await submitItem(job, 1);
		await relay.waitForGeneration(caller, job.items[0].id);
		await relay.waitForGeneration(caller, job.items[1].id);
		const { items, job: jobRow } = await rows();
		expect(items[0]).toMatchObject({
			state: 'failed',
			error: { code: 'CONTENT_BLOCKED' },
			finishedAt: expect.any(Number)
		});
		expect(items[1]).toMatchObject({
			state: 'submitted',
			error: { code: 'PROVIDER_UNAVAILABLE' },
			submittedAt: null
		});
		expect(jobRow).toMatchObject({ state: 'active' });
	});

	it('only ever moves an item forward, whatever order the events arrive in', async () => {
		const job = await batch(['a fox']);
		const id = job.items[0].id;
		const event = fc.oneof(
			fc.constant({ kind: 'cancel' as const }),
			fc.constant({ kind: 'retry' as const }),
			fc.constant({ kind: 'submit' as const }),
			fc.record({ kind: fc.constant('done' as const), stale: fc.boolean() }),
			fc.record({
				kind: fc.constant('fail' as const),
				code: fc.constantFrom<ErrorCode>('CONTENT_BLOCKED', 'PROVIDER_TIMEOUT'),
				stale: fc.boolean()
			})
		);
		let requestId = id;
		let seen: [number, number] = [0, 0];
		await fc.assert(
			fc.asyncProperty(fc.array(event, { maxLength: 12 }), async (events) => {
				for (const e of events) {
					const now = Date.now();
					const db = relay.deps.db;
					if (e.kind === 'cancel') await device.push('item.cancel', { id });
					if (e.kind === 'retry') await device.push('item.retry', { id, requestId: uuidv7() });
					if (e.kind === 'submit') {
						requestId = uuidv7();
						await markItemSubmitted(db, { userId, itemId: id, generationId: requestId, now }).catch(
							() => undefined
						);
					}
					const generationId = 'stale' in e && e.stale ? uuidv7() : requestId;
					if (e.kind === 'done')
						await markItemDone(db, { userId, generationId, imageIds: [], now });
					if (e.kind === 'fail')
						await markItemFailed(db, {
							userId,
							generationId,
							failure: { code: e.code, message: 'x' },
							now
						});
					const [item] = (
						await caller.sync.rows({
							clientId: '00000000-0000-7000-8000-000000000001',
							schemaVersion: 1,
							refs: [{ entity: 'jobItem', id }]
						})
					).changes;
					const row =
						'row' in item ? (item.row as { round: number; state: keyof typeof RANK }) : null;
					const now2: [number, number] = [row!.round, RANK[row!.state]];
					expect(now2[0] > seen[0] || (now2[0] === seen[0] && now2[1] >= seen[1])).toBe(true);
					seen = now2;
				}
			}),
			{ numRuns: 15 }
		);
	});
});
