/**
 * Starts a real relay for a test: a fresh database (PGlite or Postgres), the real providers
 * chosen by env (demo by default, or a fake provider server), captured logs, and helpers to
 * sign up users and call procedures directly (createCaller) or over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseEnv } from '../env';
import { PROVIDER_KEY_ENVS } from '../providers/accounts';
import { createRuntime, type Runtime } from '../bootstrap';
import { createRelay, type Relay } from '../app';
import { createLogger } from '../logger';
import { appRouter } from '../trpc/router';
import { createCallerFactory } from '../trpc/init';
import { createContextInner } from '../trpc/context';
import { findUserById, type UserRow } from '../db/repositories/users.repository';
import { openTestDatabase } from './test-database';
import { findLogLeaks } from './log-leaks';
import type { DatabaseHandle } from '../db/client';
import { uuidv7 } from '#shared/ids';
import type { GenerationStatus } from '#shared/schemas/generate';

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export interface TestRelay {
	runtime: Runtime;
	deps: Runtime['deps'];
	/** Every log line the relay wrote, as raw JSON text. */
	logs: string[];
	caller(user: UserRow | null): Caller;
	/** Registers an account through the real procedure; returns its row and a caller. */
	signUp(
		email?: string,
		password?: string
	): Promise<{ user: UserRow; caller: Caller; password: string }>;
	/** Re-reads a user (for the balance). */
	user(id: string): Promise<UserRow>;
	/** Polls generate.status until the generation is done or failed. */
	waitForGeneration(caller: Caller, id: string, timeoutMs?: number): Promise<GenerationStatus>;
	/** Values whose appearance in any log line fails close() (session tokens, API keys a test made). */
	watchSecrets: string[];
	/** Starts the HTTP server (port 0) and returns its URL. */
	listen(): Promise<string>;
	close(): Promise<void>;
}

/** `database`: share one database with another test relay (two relay processes); it is then not closed here. */
/** `now`: the relay's clock, for tests of clock jumps; `slotFallbackPollMs`: see createRuntime. */
export async function startTestRelay(
	envOverrides: Record<string, string> = {},
	options: { database?: DatabaseHandle; now?: () => number; slotFallbackPollMs?: number } = {}
): Promise<TestRelay> {
	const dataDir = mkdtempSync(join(tmpdir(), 'nbs-relay-'));
	const env = parseEnv({
		DATA_DIR: dataDir,
		STATIC_DIR: join(dataDir, 'no-static'),
		LOG_LEVEL: 'info',
		DEMO_LATENCY_MS: '0',
		...envOverrides
	});
	const logs: string[] = [];
	const sink = new Writable({
		write(chunk, _encoding, done) {
			logs.push(String(chunk));
			done();
		}
	});
	const secrets = PROVIDER_KEY_ENVS.map((key) => env[key]).filter((s): s is string => !!s);
	const logger = createLogger({ level: env.LOG_LEVEL, secrets, destination: sink });
	const database = options.database
		? { ...options.database, close: async () => {} }
		: await openTestDatabase();
	const runtime = await createRuntime(env, {
		logger,
		database,
		now: options.now,
		slotFallbackPollMs: options.slotFallbackPollMs
	});
	const deps = runtime.deps;
	let relay: Relay | null = null;
	const caller = (user: UserRow | null) => createCaller(createContextInner({ deps, user }));
	const watchSecrets: string[] = [...secrets];

	return {
		runtime,
		deps,
		logs,
		caller,
		watchSecrets,
		async signUp(
			email = `user-${uuidv7().slice(-12)}@example.test`,
			password = 'correct horse battery'
		) {
			const me = await caller(null).auth.register({ email, password });
			const user = (await findUserById(deps.db, me.id))!;
			return { user, caller: caller(user), password };
		},
		async user(id) {
			return (await findUserById(deps.db, id))!;
		},
		async waitForGeneration(c, id, timeoutMs = 10_000) {
			const until = Date.now() + timeoutMs;
			for (;;) {
				const status = await c.generate.status({ id });
				if (status.status === 'done' || status.status === 'failed') return status;
				if (Date.now() > until)
					throw new Error(`generation ${id} still running after ${timeoutMs} ms`);
				await new Promise((r) => setTimeout(r, 20));
			}
		},
		async listen() {
			relay ??= createRelay(deps);
			return relay.url || relay.listen(0, '127.0.0.1');
		},
		async close() {
			await relay?.close();
			await runtime.shutdown(2_000);
			rmSync(dataDir, { recursive: true, force: true });
			// Every relay of the suite: a hash, a watched secret or an email in an error line fails the test file.
			const leaks = findLogLeaks(logs, watchSecrets);
			if (leaks.length)
				throw new Error(`The relay logged what it must not:\n${leaks.slice(0, 10).join('\n')}`);
		}
	};
}
