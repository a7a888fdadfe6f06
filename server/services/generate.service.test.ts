import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import { ledgerSum, listLedger } from '../db/repositories/credits.repository';
import { reapOrphanedGenerations } from './generate.service';
import { insertGeneration } from '../db/repositories/generations.repository';
import { applyLedgerEntry } from '../db/repositories/credits.repository';
import { assertInvariants } from '../testing/invariants';

const submit = (id: string, prompt = 'a red fox in snow', model = 'demo/sketch') => ({
	id,
	model,
	prompt,
	params: { aspectRatio: '1:1' as const },
	sourceHashes: []
});

describe('generate service (demo provider)', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay({ STARTING_CREDITS: '5' });
	});
	afterEach(() => assertInvariants(relay.deps.db));
	afterAll(() => relay.close());

	it('charges once, stores the image and its thumbnail, when a generation succeeds', async () => {
		const { user, caller } = await relay.signUp();
		const id = uuidv7();
		const first = await caller.generate.submit(submit(id));
		expect(first).toMatchObject({ status: 'running', balance: 4, price: 1 });
		const done = await relay.waitForGeneration(caller, id);
		expect(done.status).toBe('done');
		expect(done.images).toHaveLength(1);
		const [image] = done.images;
		expect(image).toMatchObject({ width: 1024, height: 1024, mime: 'image/png' });
		expect(await relay.deps.blobStore.has(image.sha256)).toBe(true);
		expect(await relay.deps.blobStore.has(image.thumbSha256)).toBe(true);
		expect((await relay.user(user.id)).credits).toBe(4);
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(4);
	});

	it('charges once when the same id is submitted twice', async () => {
		const { user, caller } = await relay.signUp();
		const id = uuidv7();
		await caller.generate.submit(submit(id));
		await relay.waitForGeneration(caller, id);
		const again = await caller.generate.submit(submit(id));
		expect(again.status).toBe('done');
		expect((await relay.user(user.id)).credits).toBe(4);
		const charges = (await listLedger(relay.deps.db, user.id)).filter(
			(row) => row.kind === 'charge'
		);
		expect(charges).toHaveLength(1);
	});

	it('charges once when the same id is submitted ten times at once', async () => {
		const { user, caller } = await relay.signUp();
		const id = uuidv7();
		const answers = await Promise.all(
			Array.from({ length: 10 }, () => caller.generate.submit(submit(id)))
		);
		expect(new Set(answers.map((a) => a.id))).toEqual(new Set([id]));
		await relay.waitForGeneration(caller, id);
		expect((await relay.user(user.id)).credits).toBe(4);
	});

	it('refuses the same id with a different request and charges nothing more', async () => {
		const { user, caller } = await relay.signUp();
		const id = uuidv7();
		await caller.generate.submit(submit(id, 'first prompt'));
		await expect(caller.generate.submit(submit(id, 'another prompt'))).rejects.toMatchObject({
			code: 'UNPROCESSABLE_CONTENT'
		});
		await relay.waitForGeneration(caller, id);
		expect((await relay.user(user.id)).credits).toBe(4);
	});

	it('scopes ids to the user: another user cannot read a generation', async () => {
		const a = await relay.signUp();
		const b = await relay.signUp();
		const id = uuidv7();
		await a.caller.generate.submit(submit(id));
		await expect(b.caller.generate.status({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('refunds and records the error class when the provider fails', async () => {
		const { user, caller } = await relay.signUp();
		const id = uuidv7();
		await caller.generate.submit(submit(id, 'blocked [demo:fail:CONTENT_BLOCKED]'));
		const failed = await relay.waitForGeneration(caller, id);
		expect(failed.status).toBe('failed');
		expect(failed.error).toMatchObject({ code: 'CONTENT_BLOCKED', retryable: false });
		expect((await relay.user(user.id)).credits).toBe(5);
		const { entries, balance } = await caller.credits.ledger({});
		expect(balance).toBe(5);
		expect(entries.map((e) => [e.kind, e.amount, e.generationId])).toEqual([
			['refund', 1, id],
			['charge', -1, id],
			['grant', 5, null]
		]);
	});

	it('marks a provider outage as retryable', async () => {
		const { caller } = await relay.signUp();
		const id = uuidv7();
		await caller.generate.submit(submit(id, 'x [demo:fail:PROVIDER_UNAVAILABLE]'));
		expect((await relay.waitForGeneration(caller, id)).error).toMatchObject({
			code: 'PROVIDER_UNAVAILABLE',
			retryable: true
		});
	});

	it('refuses with 402 and changes nothing when credits are short', async () => {
		const { user, caller } = await relay.signUp();
		for (let i = 0; i < 5; i++) await caller.generate.submit(submit(uuidv7()));
		await expect(caller.generate.submit(submit(uuidv7()))).rejects.toMatchObject({
			code: 'PAYMENT_REQUIRED'
		});
		const after = await relay.user(user.id);
		expect(after.credits).toBe(0);
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(0);
	});

	it('refuses empty, over-long and unsupported requests before charging', async () => {
		const { user, caller } = await relay.signUp();
		await expect(caller.generate.submit(submit(uuidv7(), '   '))).rejects.toThrow(
			'The prompt is empty.'
		);
		await expect(caller.generate.submit(submit(uuidv7(), 'x'.repeat(5000)))).rejects.toThrow(
			/longer than/
		);
		await expect(caller.generate.submit(submit(uuidv7(), 'ok', 'nope/model'))).rejects.toThrow(
			/no model/
		);
		await expect(
			caller.generate.submit({ ...submit(uuidv7()), id: 'not-a-uuid' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			caller.generate.submit({
				...submit(uuidv7()),
				params: { aspectRatio: '1:1', evil: 1 } as never
			})
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		expect((await relay.user(user.id)).credits).toBe(5);
	});

	it('refunds generations orphaned by a relay that died, exactly once', async () => {
		const { user } = await relay.signUp();
		const id = uuidv7();
		const past = Date.now() - 10 * 60_000;
		await relay.deps.db.transaction(async (tx) => {
			await applyLedgerEntry(tx, {
				userId: user.id,
				amount: -1,
				kind: 'charge',
				generationId: id,
				now: past
			});
			await insertGeneration(tx, {
				id,
				userId: user.id,
				requestHash: 'h',
				model: 'demo/sketch',
				provider: 'demo',
				prompt: 'p',
				params: { aspectRatio: '1:1' },
				sourceHashes: [],
				status: 'running',
				price: 1,
				leaseUntil: past,
				createdAt: past
			});
		});
		expect((await relay.user(user.id)).credits).toBe(4);
		await reapOrphanedGenerations(relay.deps);
		await reapOrphanedGenerations(relay.deps);
		expect((await relay.user(user.id)).credits).toBe(5);
		expect(await relay.caller(user).generate.status({ id })).toMatchObject({
			status: 'failed',
			error: { code: 'RELAY_RESTARTED', retryable: true }
		});
	});
});
