/**
 * Helpers for the load tests (RELIABILITY.md §7.1): relays on a fake provider, two relays on one
 * database, a barrier that releases requests together, raw HTTP calls with a session cookie.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER } from '#shared/protocol';
import { openPostgres, type DatabaseHandle } from '../db/client';
import { migrate } from '../db/migrate';
import { countSlotUse } from '../db/repositories/provider-slots.repository';
import { generations } from '../db/schema/index';
import { FAKE_PROVIDER_KEY, type FakeProvider } from '../testing/fake-provider';
import { openTestDatabase } from '../testing/test-database';
import { startTestRelay, type TestRelay } from '../testing/test-relay';

/** The OpenRouter model the fake provider answers for; it costs 4 credits an image. */
export const FAKE_MODEL = 'google/gemini-2.5-flash-image';
export const FAKE_MODEL_PRICE = 4;

export const submitInput = (prompt: string, model = FAKE_MODEL, id = uuidv7()) => ({
	id,
	model,
	prompt,
	params: { aspectRatio: '1:1' as const },
	sourceHashes: [] as string[]
});

/** Env for a relay whose only provider is the fake (OpenRouter dialect). */
export function fakeProviderEnv(
	fake: FakeProvider,
	env: Record<string, string> = {}
): Record<string, string> {
	return {
		DEMO_PROVIDER: 'off',
		OPENROUTER_API_KEY: FAKE_PROVIDER_KEY,
		OPENROUTER_BASE_URL: fake.baseUrl,
		...env
	};
}

/** Provider calls that were generation requests (not image downloads). */
export const generationCalls = (fake: FakeProvider) =>
	fake.calls.filter((c) => c.path.endsWith('/chat/completions'));

/** Starts every task at the same moment: each waits behind one gate that opens when all are created. */
export async function releaseTogether<T>(
	count: number,
	task: (index: number) => Promise<T>
): Promise<PromiseSettledResult<T>[]> {
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	const all = Array.from({ length: count }, (_, i) => gate.then(() => task(i)));
	open();
	return Promise.allSettled(all);
}

/** A database two relays share: the same PGlite handle in-process, or two pools on one Postgres database. */
export async function openSharedDatabase(): Promise<{
	first: DatabaseHandle;
	second: DatabaseHandle;
	close(): Promise<void>;
}> {
	const serverUrl = process.env.TEST_DATABASE_URL;
	if (!serverUrl) {
		const handle = await openTestDatabase();
		return { first: handle, second: handle, close: () => handle.close() };
	}
	const name = `nbs_load_${randomBytes(6).toString('hex')}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const first = await openPostgres(url.toString(), 10);
	await migrate(first);
	const second = await openPostgres(url.toString(), 10);
	return {
		first,
		second,
		async close() {
			await first.close();
			await second.close();
			const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
			await cleanup.unsafe(`drop database if exists ${name} with (force)`);
			await cleanup.end();
		}
	};
}

/** Two relays (own slots, rate limiter, in-flight work) on one database, like two processes. */
export async function startTwoRelays(
	env: Record<string, string>
): Promise<{ a: TestRelay; b: TestRelay; close(): Promise<void> }> {
	const shared = await openSharedDatabase();
	const a = await startTestRelay(env, { database: shared.first });
	const b = await startTestRelay(env, { database: shared.second });
	return {
		a,
		b,
		async close() {
			await b.close();
			await a.close();
			await shared.close();
		}
	};
}

/** Signs up over HTTP; returns the session cookie and the new user's id. */
export async function signUpOverHttp(url: string): Promise<{ cookie: string; userId: string }> {
	const res = await fetch(`${url}/trpc/auth.register`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
		body: JSON.stringify({
			email: `load-${uuidv7().slice(-12)}@example.test`,
			password: 'correct horse battery'
		})
	});
	if (res.status !== 200) throw new Error(`sign-up failed: ${res.status}`);
	const body = (await res.json()) as { result: { data: { id: string } } };
	return {
		cookie: (res.headers.get('set-cookie') ?? '').split(';')[0],
		userId: body.result.data.id
	};
}

export interface HttpAnswer {
	status: number;
	headers: Headers;
	body: unknown;
}

/** POSTs one tRPC mutation like the app does (or without cookie / client header, to test refusals). */
export async function postProcedure(
	url: string,
	path: string,
	input: unknown,
	options: { cookie?: string; clientHeader?: boolean; signal?: AbortSignal } = {}
): Promise<HttpAnswer> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (options.clientHeader !== false) headers[CLIENT_HEADER] = '1';
	if (options.cookie) headers.cookie = options.cookie;
	const res = await fetch(`${url}/trpc/${path}`, {
		method: 'POST',
		headers,
		body: JSON.stringify(input),
		signal: options.signal
	});
	return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
}

/** The relay's own error code in a tRPC error body. */
export const relayCodeOf = (body: unknown): string | undefined =>
	(body as { error?: { data?: { errorCode?: string } } } | null)?.error?.data?.errorCode;

/** Waits until no generation of the database is queued or running any more. */
export async function waitUntilIdle(relay: TestRelay, timeoutMs = 20_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const use = await countSlotUse(relay.deps.db, 0);
		if (use.queued + use.running === 0) return;
		if (Date.now() > until)
			throw new Error(`still busy after ${timeoutMs} ms: ${JSON.stringify(use)}`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

/**
 * Waits until idle and still idle, with no new generation, after `quietMs`: requests whose client
 * went away are still being handled by the relay for a while and may yet record a generation.
 */
export async function waitUntilSettled(relay: TestRelay, quietMs = 500): Promise<void> {
	const count = async () =>
		(await relay.deps.db.select({ id: generations.id }).from(generations)).length;
	for (;;) {
		await waitUntilIdle(relay);
		const before = await count();
		await new Promise((r) => setTimeout(r, quietMs));
		const use = await countSlotUse(relay.deps.db, 0);
		if (use.queued + use.running === 0 && (await count()) === before) return;
	}
}

/** Sleeps past a minute boundary when one is near, so a burst lands in one rate-limit window. */
export async function awayFromWindowEdge(marginMs = 5_000): Promise<void> {
	const left = 60_000 - (Date.now() % 60_000);
	if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}
