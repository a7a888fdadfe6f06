/**
 * Failed queries never put their parameters in a log (issue 12): a sign-up whose INSERT fails and a
 * sign-in whose session INSERT fails are logged as unexpected errors, yet no line carries the
 * account's email, its argon2 hash, the session token or its hash. (Every test relay also runs
 * findLogLeaks on close, so the rest of the suite is held to the same rule.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { CLIENT_HEADER } from '#shared/protocol';
import { startTestRelay, type TestRelay } from './testing/test-relay';
import { httpClient } from './testing/http-client';
import { findLogLeaks } from './testing/log-leaks';
import { hashToken } from './services/auth.service';

function post(url: string, path: string, body: unknown) {
	return fetch(`${url}/trpc/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
		body: JSON.stringify(body)
	});
}

describe('logs of failed queries', () => {
	let relay: TestRelay;
	let url: string;
	beforeAll(async () => {
		relay = await startTestRelay();
		url = await relay.listen();
	});
	afterAll(() => relay.close());

	it('a failing sign-up and a failing sign-in log the failure without email, hash or token', async () => {
		const ok = httpClient(url);
		await ok.client.auth.register.mutate({
			email: 'kept@example.test',
			password: 'correct horse battery'
		});
		const token = ok.cookie().split('=')[1];
		relay.watchSecrets.push(token, hashToken(token));
		const [{ password_hash: storedHash }] = ((r: unknown) =>
			Array.isArray(r) ? r : (r as { rows: unknown[] }).rows)(
			await relay.deps.db.execute(
				sql`select password_hash from users where email = 'kept@example.test'`
			)
		) as { password_hash: string }[];
		relay.watchSecrets.push(storedHash);

		// Real failing statements: the database refuses these rows.
		await relay.deps.db.execute(
			sql.raw(
				`alter table users add constraint test_no_boom check (display_name is distinct from 'boom') not valid`
			)
		);
		const signUp = await post(url, 'auth.register', {
			email: 'leaky@example.test',
			password: 'correct horse battery',
			displayName: 'boom'
		});
		expect(signUp.status).toBe(500);
		await relay.deps.db.execute(
			sql.raw(
				`alter table sessions add constraint test_no_sessions check (created_at < 0) not valid`
			)
		);
		const signIn = await post(url, 'auth.signIn', {
			email: 'kept@example.test',
			password: 'correct horse battery'
		});
		expect(signIn.status).toBe(500);
		await relay.deps.db.execute(sql.raw(`alter table sessions drop constraint test_no_sessions`));
		await relay.deps.db.execute(sql.raw(`alter table users drop constraint test_no_boom`));

		const errors = relay.logs.filter((line) => line.includes('"level":50'));
		expect(errors.length).toBeGreaterThanOrEqual(2);
		// The operator still learns which statement failed, and why.
		expect(errors.join('\n')).toContain('params: [redacted]');
		expect(errors.join('\n')).toContain('test_no_boom');
		const all = relay.logs.join('\n');
		expect(all).not.toContain('leaky@example.test');
		expect(all).not.toContain('kept@example.test');
		expect(findLogLeaks(relay.logs, relay.watchSecrets)).toEqual([]);
	});
});
