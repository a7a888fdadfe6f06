/**
 * The relay under test, as the bench uses it: a fresh database (PGlite in a temp DATA_DIR, or a
 * new database on the PostgreSQL server, dropped at the end), an in-process runtime for seeding
 * and the push figure, and the real relay as a child process for everything over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createRuntime, type Runtime } from '../../server/bootstrap';
import { parseEnv } from '../../server/env';
import { createLogger } from '../../server/logger';
import { sleep } from './config';

export type DatabaseKind = 'pglite' | 'postgres';

/** One database for one bench run: the relay's environment and how to drop it. */
export interface BenchDatabase {
	kind: DatabaseKind;
	/** DATA_DIR (blobs, and PGlite's folder) plus DATABASE_URL on PostgreSQL. */
	env: Record<string, string>;
	drop(): Promise<void>;
}

/** Relay settings of every bench relay: demo provider at zero latency, limits out of the way. */
const RELAY_ENV = {
	STATIC_DIR: './build',
	DEMO_PROVIDER: 'on',
	DEMO_LATENCY_MS: '0',
	STARTING_CREDITS: '10000',
	RATE_LIMIT_PER_MINUTE: '100000',
	MAX_IN_FLIGHT_PER_USER: '10',
	LOG_LEVEL: 'warn'
};

export async function createBenchDatabase(
	kind: DatabaseKind,
	serverUrl?: string
): Promise<BenchDatabase> {
	const dataDir = mkdtempSync(join(tmpdir(), 'nbs-bench-sync-'));
	if (kind === 'pglite')
		return {
			kind,
			env: { ...RELAY_ENV, DATA_DIR: dataDir },
			drop: async () => rmSync(dataDir, { recursive: true, force: true })
		};
	const name = `nbs_bench_${randomBytes(6).toString('hex')}`;
	const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl!);
	url.pathname = `/${name}`;
	return {
		kind,
		env: { ...RELAY_ENV, DATA_DIR: dataDir, DATABASE_URL: url.toString() },
		async drop() {
			const cleanup = postgres(serverUrl!, { max: 1, onnotice: () => {} });
			await cleanup.unsafe(`drop database if exists ${name} with (force)`);
			await cleanup.end();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** The relay's runtime in this process (same env, same database): for seeding and the push figure. */
export async function openRuntime(database: BenchDatabase): Promise<Runtime> {
	const env = parseEnv(database.env);
	return createRuntime(env, { logger: createLogger({ level: 'warn', secrets: [] }) });
}

/** A relay child process serving the built app on loopback. */
export interface RelayProcess {
	url: string;
	stop(): Promise<void>;
}

/** Starts `node --import tsx server/main.ts` on `port` and waits for /readyz. */
export async function startRelayProcess(
	database: BenchDatabase,
	port: number
): Promise<RelayProcess> {
	// Only this database's settings: a DATABASE_URL in the bench's own environment must not leak into a PGlite run.
	const { DATABASE_URL: _ignored, ...inherited } = process.env;
	const child: ChildProcess = spawn('node', ['--import', 'tsx', 'server/main.ts'], {
		env: { ...inherited, ...database.env, PORT: String(port) },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; ; i++) {
		if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode}`);
		if (
			await fetch(`${url}/readyz`).then(
				(r) => r.ok,
				() => false
			)
		)
			break;
		if (i > 240) throw new Error('relay did not start');
		await sleep(250);
	}
	return {
		url,
		async stop() {
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(15_000)]);
		}
	};
}
