import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';
import { ledgerSum, listLedger } from '../db/repositories/credits.repository';
import { REDEEM_ATTEMPTS_PER_WINDOW } from './redeem.service';

/** Releases all calls at the same moment (a barrier), so they really race. */
async function race<T>(calls: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	const running = calls.map((call) => gate.then(call));
	open();
	return Promise.allSettled(running);
}

const codeOf = (r: PromiseSettledResult<unknown>) =>
	r.status === 'rejected' ? (r.reason as { message: string }).message : 'ok';

describe('redeem codes', () => {
	let relay: TestRelay;
	let admin: Caller;
	beforeAll(async () => {
		relay = await startTestRelay({ STARTING_CREDITS: '0' });
		admin = (await relay.signUp('admin@example.test')).caller;
	});
	afterAll(() => relay.close());

	it('adds the credits once with a redeem ledger row naming the code, whatever the case, spaces or dashes', async () => {
		const [code] = await admin.admin.codes.create({ credits: 25, code: 'spring-gift-2026' });
		expect(code).toMatchObject({
			code: 'SPRINGGIFT2026',
			credits: 25,
			maxUses: 1,
			uses: 0,
			status: 'active'
		});
		const { user, caller } = await relay.signUp();
		await expect(caller.credits.redeem({ code: '  Spring gift 2026 ' })).resolves.toEqual({
			credits: 25,
			balance: 25
		});
		const [row] = await listLedger(relay.deps.db, user.id);
		expect(row).toMatchObject({ kind: 'redeem', amount: 25, reason: 'Code SPRINGGIFT2026' });
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(25);
		await expect(caller.credits.redeem({ code: 'SPRINGGIFT2026' })).rejects.toMatchObject({
			code: 'CONFLICT',
			message: 'You have already redeemed this code.'
		});
		expect((await relay.user(user.id)).credits).toBe(25);
	});

	it('makes readable random codes, several at once, each usable by N different users', async () => {
		const codes = await admin.admin.codes.create({
			credits: 3,
			maxUses: 2,
			count: 3,
			note: 'newsletter'
		});
		expect(codes).toHaveLength(3);
		for (const c of codes)
			expect(c.code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
		expect(new Set(codes.map((c) => c.code)).size).toBe(3);
		const a = await relay.signUp();
		const b = await relay.signUp();
		const c = await relay.signUp();
		await a.caller.credits.redeem({ code: codes[0].code });
		await b.caller.credits.redeem({ code: codes[0].code.toLowerCase() });
		await expect(c.caller.credits.redeem({ code: codes[0].code })).rejects.toThrow(
			'This code has been used up.'
		);
		const listed = (await admin.admin.codes.list({})).codes.find((x) => x.id === codes[0].id);
		expect(listed).toMatchObject({ uses: 2, status: 'used-up', note: 'newsletter' });
	});

	it('refuses unknown, expired and disabled codes with clear errors and changes nothing', async () => {
		const { user, caller } = await relay.signUp();
		await expect(caller.credits.redeem({ code: 'NOPE-NOPE-NOPE' })).rejects.toMatchObject({
			code: 'NOT_FOUND',
			message: 'There is no such code. Check it and try again.'
		});
		await expect(caller.credits.redeem({ code: '%%' })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await admin.admin.codes.create({ credits: 5, code: 'OLD-CODE', expiresAt: Date.now() - 1000 });
		await expect(caller.credits.redeem({ code: 'old-code' })).rejects.toMatchObject({
			code: 'UNPROCESSABLE_CONTENT',
			message: 'This code is no longer valid.'
		});
		const [withdrawn] = await admin.admin.codes.create({ credits: 5, code: 'WITHDRAWN' });
		await admin.admin.codes.disable({ id: withdrawn.id });
		await expect(caller.credits.redeem({ code: 'WITHDRAWN' })).rejects.toThrow(
			'This code is no longer valid.'
		);
		expect((await relay.user(user.id)).credits).toBe(0);
		expect(await listLedger(relay.deps.db, user.id)).toHaveLength(0);
	});

	it('refuses a chosen code that exists already', async () => {
		await admin.admin.codes.create({ credits: 1, code: 'TWICE-ONLY' });
		await expect(
			admin.admin.codes.create({ credits: 1, code: 'twice only' })
		).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('lets exactly max_uses of 12 racing users redeem the last uses', async () => {
		const [code] = await admin.admin.codes.create({ credits: 7, maxUses: 5, code: 'RACE-FIVE' });
		const users = await Promise.all(Array.from({ length: 12 }, () => relay.signUp()));
		const results = await race(
			users.map((u) => () => u.caller.credits.redeem({ code: 'RACE-FIVE' }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
		expect(results.filter((r) => r.status === 'rejected').map(codeOf)).toEqual(
			Array(7).fill('This code has been used up.')
		);
		const listed = (await admin.admin.codes.list({})).codes.find((x) => x.id === code.id);
		expect(listed?.uses).toBe(5);
		let total = 0;
		for (const u of users) {
			const balance = (await relay.user(u.user.id)).credits;
			expect(await ledgerSum(relay.deps.db, u.user.id)).toBe(balance);
			total += balance;
		}
		expect(total).toBe(35);
	});

	it('lets the same user racing with themselves redeem once', async () => {
		await admin.admin.codes.create({ credits: 4, maxUses: 10, code: 'SAME-USER' });
		const { user, caller } = await relay.signUp();
		const results = await race(
			Array.from({ length: 5 }, () => () => caller.credits.redeem({ code: 'SAME-USER' }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(results.filter((r) => r.status === 'rejected').map(codeOf)).toEqual(
			Array(4).fill('You have already redeemed this code.')
		);
		expect((await relay.user(user.id)).credits).toBe(4);
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(4);
	});

	it('throttles guessing: past the limit even a right code is refused', async () => {
		await admin.admin.codes.create({ credits: 2, code: 'RIGHT-ONE' });
		const { user, caller } = await relay.signUp();
		for (let i = 0; i < REDEEM_ATTEMPTS_PER_WINDOW; i++) {
			await expect(caller.credits.redeem({ code: `GUESS-${i}AAA` })).rejects.toMatchObject({
				code: 'NOT_FOUND'
			});
		}
		await expect(caller.credits.redeem({ code: 'RIGHT-ONE' })).rejects.toMatchObject({
			code: 'TOO_MANY_REQUESTS',
			message: expect.stringMatching(/Too many attempts to redeem a code\. Try again in \d+ s\./)
		});
		expect((await relay.user(user.id)).credits).toBe(0);
		// Another user is not affected.
		await expect(
			(await relay.signUp()).caller.credits.redeem({ code: 'RIGHT-ONE' })
		).resolves.toMatchObject({ credits: 2 });
	});
});
