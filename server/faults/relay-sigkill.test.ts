/**
 * RELIABILITY §7.2 F7: the relay process is killed with SIGKILL while a generation is at the
 * provider. At restart (same PGlite data dir, whose lock the new process now holds) the generation
 * is failed as RELAY_RESTARTED and refunded at once — not a minute later when its lease runs out.
 * It runs once per CI run, in the PGlite pass (it brings its own PGlite data dir).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../testing/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '#shared/ids';
import { httpClient } from '../testing/http-client';

/** Starts `server/main.ts` as its own process and resolves once it listens. */
function startRelayProcess(env: Record<string, string>): Promise<ChildProcess> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		const timer = setTimeout(() => reject(new Error(`relay did not start:\n${out}`)), 90_000);
		const onData = (d: Buffer) => {
			out += String(d);
			if (out.includes('is running at')) {
				clearTimeout(timer);
				resolve(child);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (d: Buffer) => (out += String(d)));
		child.once('exit', (code) => reject(new Error(`relay exited (${code}):\n${out}`)));
	});
}

// Two process starts (tsx + PGlite migrations) cost several seconds, mostly waiting: once, not again on PostgreSQL.
describe.skipIf(!!process.env.TEST_DATABASE_URL)('relay killed with SIGKILL mid-generation', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'nbs-sigkill-'));
	let child: ChildProcess | null = null;
	afterAll(() => {
		child?.kill('SIGKILL');
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('refunds the generation at restart', { timeout: 240_000 }, async () => {
		const port = await freePort();
		const env = {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			STATIC_DIR: join(dataDir, 'none'),
			DEMO_LATENCY_MS: '600000',
			LOG_LEVEL: 'warn',
			STARTING_CREDITS: '10'
		};
		const url = `http://127.0.0.1:${port}`;
		child = await startRelayProcess(env);
		const { client } = httpClient(url);
		await client.auth.register.mutate({
			email: 'killed@example.test',
			password: 'correct horse battery'
		});
		const id = uuidv7();
		await client.generate.submit.mutate({
			id,
			model: 'demo/sketch',
			prompt: 'never finishes',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		expect((await client.generate.status.query({ id })).status).toBe('running');
		expect((await client.auth.me.query())!.credits).toBeLessThan(10);

		const exited = new Promise((resolve) => child!.once('exit', resolve));
		child.kill('SIGKILL');
		await exited;
		child = await startRelayProcess(env);

		const status = await client.generate.status.query({ id });
		expect(status).toMatchObject({
			status: 'failed',
			error: { code: 'RELAY_RESTARTED', retryable: true }
		});
		expect((await client.auth.me.query())!.credits).toBe(10);
	});
});
