import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';
import { ledgerSum } from '../../db/repositories/credits.repository';

describe('auth router', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay({
			STARTING_CREDITS: '25',
			ADMIN_EMAILS: 'Ops@Example.test, boss@example.test'
		});
	});
	afterAll(() => relay.close());

	it('makes the first account admin with the starting grant written as a ledger row', async () => {
		const { user } = await relay.signUp('first@example.test');
		expect(user.role).toBe('admin');
		expect(user.credits).toBe(25);
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(25);
	});

	it('makes later accounts plain users', async () => {
		const { user } = await relay.signUp('second@example.test');
		expect(user.role).toBe('user');
	});

	it('makes accounts listed in ADMIN_EMAILS admins, whatever the letter case', async () => {
		const { user } = await relay.signUp('OPS@example.test');
		expect(user.role).toBe('admin');
	});

	it('refuses a second account with the same email, in any letter case', async () => {
		await expect(
			relay
				.caller(null)
				.auth.register({ email: 'SECOND@example.test', password: 'another password' })
		).rejects.toMatchObject({
			code: 'CONFLICT'
		});
	});

	it('refuses a bad email or a short password with a clear message and creates nothing', async () => {
		await expect(
			relay.caller(null).auth.register({ email: 'not-an-email', password: 'long enough pw' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			relay.caller(null).auth.register({ email: 'ok@example.test', password: 'short' })
		).rejects.toThrow(/At least 8/);
		await expect(
			relay.caller(null).auth.signIn({ email: 'ok@example.test', password: 'short' })
		).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
	});

	it('signs in with the right password and refuses a wrong one the same way as an unknown email', async () => {
		const { password } = await relay.signUp('third@example.test');
		const me = await relay.caller(null).auth.signIn({ email: 'third@example.test', password });
		expect(me.email).toBe('third@example.test');
		await expect(
			relay.caller(null).auth.signIn({ email: 'third@example.test', password: 'wrong password' })
		).rejects.toThrow('Wrong email or password.');
		await expect(
			relay.caller(null).auth.signIn({ email: 'nobody@example.test', password: 'wrong password' })
		).rejects.toThrow('Wrong email or password.');
	});

	it('stores passwords as argon2id at the OWASP minimum cost', async () => {
		const { user } = await relay.signUp();
		expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	});

	it('answers me with null when signed out and the user when signed in', async () => {
		expect(await relay.caller(null).auth.me()).toBeNull();
		const { caller, user } = await relay.signUp();
		expect(await caller.auth.me()).toMatchObject({ id: user.id, credits: 25 });
	});

	it('refuses authed procedures without a session', async () => {
		await expect(relay.caller(null).generate.models()).rejects.toMatchObject({
			code: 'UNAUTHORIZED'
		});
	});
});

describe('sign-in throttling', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	it('locks an account after 10 attempts in the window, even for the right password, and leaves other accounts alone', async () => {
		const { password } = await relay.signUp('target@example.test');
		await relay.signUp('bystander@example.test', 'bystander password');
		for (let i = 0; i < 10; i++) {
			await expect(
				relay.caller(null).auth.signIn({ email: 'target@example.test', password: `guess ${i}` })
			).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
		}
		await expect(
			relay.caller(null).auth.signIn({ email: 'target@example.test', password })
		).rejects.toMatchObject({
			code: 'TOO_MANY_REQUESTS',
			message: expect.stringMatching(/Too many sign-in attempts\. Try again in \d+ s\./)
		});
		await expect(
			relay
				.caller(null)
				.auth.signIn({ email: 'bystander@example.test', password: 'bystander password' })
		).resolves.toMatchObject({
			email: 'bystander@example.test'
		});
	});

	it('throttles unknown emails exactly like known ones', async () => {
		for (let i = 0; i < 10; i++) {
			await expect(
				relay.caller(null).auth.signIn({ email: 'ghost@example.test', password: 'x' })
			).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
		}
		await expect(
			relay.caller(null).auth.signIn({ email: 'ghost@example.test', password: 'x' })
		).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
	});
});
