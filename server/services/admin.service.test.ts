import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';
import { ledgerSum, listLedger } from '../db/repositories/credits.repository';
import { insertGeneration } from '../db/repositories/generations.repository';
import type { UserRow } from '../db/repositories/users.repository';
import { stats } from './admin.service';

describe('admin: users and credits', () => {
	let relay: TestRelay;
	let admin: Caller;
	let adminUser: UserRow;
	beforeAll(async () => {
		relay = await startTestRelay({ STARTING_CREDITS: '10' });
		({ caller: admin, user: adminUser } = await relay.signUp('admin@example.test'));
	});
	afterAll(() => relay.close());

	it('grants and takes credits with the reason and the acting admin on the ledger; ledger sum = balance', async () => {
		const { user, caller } = await relay.signUp();
		await expect(
			admin.admin.credits.adjust({ userId: user.id, amount: 15, reason: 'Beta tester thanks' })
		).resolves.toEqual({ balance: 25 });
		await expect(
			admin.admin.credits.adjust({ userId: user.id, amount: -5, reason: 'Correction' })
		).resolves.toEqual({ balance: 20 });
		const [take, grant] = await listLedger(relay.deps.db, user.id);
		expect(grant).toMatchObject({
			kind: 'grant',
			amount: 15,
			reason: 'Beta tester thanks',
			actorId: adminUser.id
		});
		expect(take).toMatchObject({
			kind: 'adjust',
			amount: -5,
			reason: 'Correction',
			actorId: adminUser.id
		});
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(20);
		// The user sees it on their own credits page.
		const mine = await caller.credits.ledger({});
		expect(mine.entries[1]).toMatchObject({
			kind: 'grant',
			amount: 15,
			reason: 'Beta tester thanks'
		});
	});

	it('never takes a balance below zero: clear error, nothing written', async () => {
		const { user } = await relay.signUp();
		await expect(
			admin.admin.credits.adjust({ userId: user.id, amount: -11, reason: 'Too much' })
		).rejects.toMatchObject({
			code: 'PAYMENT_REQUIRED',
			message: 'Cannot take 11 credits: the balance is 10 and may not go below zero.'
		});
		expect((await relay.user(user.id)).credits).toBe(10);
		expect(await listLedger(relay.deps.db, user.id)).toHaveLength(1);
		await expect(
			admin.admin.credits.adjust({ userId: user.id, amount: -10, reason: 'All of it' })
		).resolves.toEqual({ balance: 0 });
	});

	it('refuses a missing reason, a zero or huge amount, and an unknown user', async () => {
		const { user } = await relay.signUp();
		await expect(
			admin.admin.credits.adjust({ userId: user.id, amount: 5, reason: '   ' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			admin.admin.credits.adjust({ userId: user.id, amount: 0, reason: 'x' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			admin.admin.credits.adjust({ userId: user.id, amount: 10_000_000, reason: 'x' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			admin.admin.credits.adjust({ userId: uuidv7(), amount: 5, reason: 'x' })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect((await relay.user(user.id)).credits).toBe(10);
	});

	it('keeps every grant when many adjustments race (no lost update)', async () => {
		const { user } = await relay.signUp();
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				admin.admin.credits.adjust({ userId: user.id, amount: i % 2 ? 3 : -1, reason: `race ${i}` })
			)
		);
		expect((await relay.user(user.id)).credits).toBe(10 + 10 * 3 - 10);
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(30);
	});

	it('lists users with search and paging, and their usage', async () => {
		const { caller, user } = await relay.signUp('findme-zeta@example.test');
		const id = uuidv7();
		await caller.generate.submit({
			id,
			model: 'demo/sketch',
			prompt: 'a lamp',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		await relay.waitForGeneration(caller, id);
		const found = await admin.admin.users.list({ search: 'ZETA' });
		expect(found.total).toBe(1);
		expect(found.users[0]).toMatchObject({
			id: user.id,
			email: 'findme-zeta@example.test',
			role: 'user',
			credits: 9,
			images: 1,
			creditsSpent: 1,
			disabled: false
		});
		expect(found.users[0].lastActiveAt).toBeGreaterThan(0);
		const page1 = await admin.admin.users.list({ limit: 2, offset: 0 });
		const page2 = await admin.admin.users.list({ limit: 2, offset: 2 });
		expect(page1.users).toHaveLength(2);
		expect(page1.total).toBeGreaterThan(4);
		expect(page2.users.map((u) => u.id)).not.toContain(page1.users[0].id);
		expect((await admin.admin.users.list({ search: '100%_' })).total).toBe(0);
	});

	it('locks a disabled user out at once (session and sign-in) and lets them back when enabled', async () => {
		const { user, password } = await relay.signUp();
		await admin.admin.users.setDisabled({ userId: user.id, disabled: true });
		const signIn = () => relay.caller(null).auth.signIn({ email: user.email, password });
		await expect(signIn()).rejects.toMatchObject({
			code: 'FORBIDDEN',
			message: 'This account is disabled.'
		});
		expect((await admin.admin.users.list({ search: user.email })).users[0].disabled).toBe(true);
		await admin.admin.users.setDisabled({ userId: user.id, disabled: false });
		await expect(signIn()).resolves.toMatchObject({ id: user.id });
	});

	it('ends a disabled user’s existing session over HTTP', async () => {
		const url = await relay.listen();
		const email = `http-${uuidv7().slice(-8)}@example.test`;
		const headers = { 'content-type': 'application/json', 'x-nbs-client': '1' };
		const register = await fetch(`${url}/trpc/auth.register`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ email, password: 'long password' })
		});
		const cookie = (register.headers.get('set-cookie') ?? '').split(';')[0];
		const me = async () =>
			(
				(await (
					await fetch(`${url}/trpc/auth.me`, { headers: { ...headers, cookie } })
				).json()) as { result: { data: { id: string } | null } }
			).result.data;
		const before = await me();
		expect(before?.id).toBeTruthy();
		await admin.admin.users.setDisabled({ userId: before!.id, disabled: true });
		expect(await me()).toBeNull();
	});

	it('refuses to let an admin disable themselves', async () => {
		await expect(
			admin.admin.users.setDisabled({ userId: adminUser.id, disabled: true })
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});

describe('admin: presets', () => {
	let relay: TestRelay;
	let admin: Caller;
	beforeAll(async () => {
		relay = await startTestRelay();
		admin = (await relay.signUp('admin@example.test')).caller;
	});
	afterAll(() => relay.close());

	it('creates, edits, reorders and deletes presets that every user sees in order', async () => {
		const preset = (title: string) => ({
			title,
			text: `${title} prompt`,
			negativePrompt: '',
			category: 'Test',
			tags: ['t'],
			model: null
		});
		const a = await admin.admin.presets.create(preset('A'));
		const b = await admin.admin.presets.create(preset('B'));
		const c = await admin.admin.presets.create(preset('C'));
		const user = (await relay.signUp()).caller;
		expect((await user.presets.list()).map((p) => p.title)).toEqual(['A', 'B', 'C']);
		await admin.admin.presets.update({ id: b.id, title: 'B2', text: 'better' });
		await admin.admin.presets.reorder({ ids: [c.id, a.id] });
		expect((await user.presets.list()).map((p) => p.title)).toEqual(['C', 'A', 'B2']);
		await admin.admin.presets.delete({ id: a.id });
		expect((await user.presets.list()).map((p) => p.title)).toEqual(['C', 'B2']);
		await expect(admin.admin.presets.update({ id: a.id, title: 'gone' })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(admin.admin.presets.create({ ...preset(''), title: '' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});
});

describe('admin: statistics', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	it('counts images and credits by day and model, failures by code, the queue and active users', async () => {
		const DAY = 86_400_000;
		const now = Date.UTC(2026, 10, 24, 12);
		const a = (await relay.signUp()).user;
		const b = (await relay.signUp()).user;
		const gen = (
			user: UserRow,
			o: {
				at: number;
				model: string;
				status: 'done' | 'failed' | 'running' | 'queued';
				price: number;
				errorCode?: string;
			}
		) =>
			insertGeneration(relay.deps.db, {
				id: uuidv7(o.at),
				userId: user.id,
				requestHash: 'h',
				model: o.model,
				provider: 'demo',
				prompt: 'p',
				params: { aspectRatio: '1:1' },
				sourceHashes: [],
				status: o.status,
				price: o.price,
				errorCode: o.errorCode ?? null,
				leaseUntil: o.at + 1000,
				createdAt: o.at
			});
		await gen(a, { at: now - 1000, model: 'm/one', status: 'done', price: 2 });
		await gen(a, { at: now - 2000, model: 'm/two', status: 'done', price: 5 });
		await gen(b, { at: now - DAY, model: 'm/one', status: 'done', price: 2 });
		await gen(b, {
			at: now - DAY,
			model: 'm/one',
			status: 'failed',
			price: 2,
			errorCode: 'CONTENT_BLOCKED'
		});
		await gen(b, {
			at: now - 2 * DAY,
			model: 'm/two',
			status: 'failed',
			price: 5,
			errorCode: 'PROVIDER_TIMEOUT'
		});
		await gen(b, {
			at: now - 2 * DAY,
			model: 'm/two',
			status: 'failed',
			price: 5,
			errorCode: 'CONTENT_BLOCKED'
		});
		await gen(a, { at: now - 10 * DAY, model: 'm/one', status: 'done', price: 2 });
		await gen(a, { at: now - 10, model: 'm/one', status: 'running', price: 2 });
		await gen(b, { at: now - 10, model: 'm/one', status: 'queued', price: 2 });

		const sut = await stats({ db: relay.deps.db, now: () => now }, 3);
		expect(sut.byDay).toEqual([
			{ day: '2026-11-22', images: 0, credits: 0 },
			{ day: '2026-11-23', images: 1, credits: 2 },
			{ day: '2026-11-24', images: 2, credits: 7 }
		]);
		expect(sut.byModel).toEqual([
			{ model: 'm/one', images: 2, credits: 4, failures: 1 },
			{ model: 'm/two', images: 1, credits: 5, failures: 2 }
		]);
		expect(sut.failuresByCode).toEqual([
			{ code: 'CONTENT_BLOCKED', count: 2 },
			{ code: 'PROVIDER_TIMEOUT', count: 1 }
		]);
		expect(sut.queue).toEqual({ queued: 1, running: 1 });
		expect(sut.activeUsers).toEqual({ d1: 2, d7: 2, d30: 2 });
	});
});
