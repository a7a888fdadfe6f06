/**
 * `npm run bench:relay` — what the relay adds to a generation (printed, never asserted): the time
 * until the relay reports a stored image (POST /v1/images/generations, `url` answer) against the
 * same fake provider called directly in the same run, p50 and p99, for real PNG answers (noise,
 * so they compress like photographs: 64², 1024² ≈ 3 MB, 2048² ≈ 12 MB), at 1, 8 and 32 in flight,
 * and with a provider that takes 2 s. PGlite, plus PostgreSQL when TEST_DATABASE_URL or
 * DATABASE_URL is set. Provider slots are at their maximum (10): at 32 in flight the rest queue,
 * which the figures include. BENCH_SMOKE=1: one small case per database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import sharp from 'sharp';
import { createRuntime } from '../server/bootstrap';
import { createRelay } from '../server/app';
import { parseEnv } from '../server/env';
import { createLogger } from '../server/logger';
import { openPglite, openPostgres, type DatabaseHandle } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import { createApiKey } from '../server/services/api-keys.service';
import { createTestUser } from '../server/testing/fast-user';
import { FAKE_PROVIDER_KEY, startFakeProvider } from '../server/testing/fake-provider';
import { measure, percentile } from './lib/latency';

const SMOKE = Boolean(process.env.BENCH_SMOKE);
const MODEL = 'google/gemini-2.5-flash-image';
const SERVER_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

interface Case {
	side: number;
	inFlight: number;
	providerMs: number;
	requests: number;
}

const ALL_CASES: Case[] = SMOKE
	? [{ side: 1024, inFlight: 1, providerMs: 0, requests: 3 }]
	: [
			{ side: 64, inFlight: 1, providerMs: 0, requests: 60 },
			{ side: 64, inFlight: 8, providerMs: 0, requests: 160 },
			{ side: 1024, inFlight: 1, providerMs: 0, requests: 40 },
			{ side: 1024, inFlight: 8, providerMs: 0, requests: 80 },
			{ side: 1024, inFlight: 32, providerMs: 0, requests: 128 },
			{ side: 1024, inFlight: 1, providerMs: 2000, requests: 8 },
			{ side: 2048, inFlight: 1, providerMs: 0, requests: 12 }
		];
/** BENCH_CASES=1024x1,1024x8 runs only those (side × in flight) cases; handy while profiling. */
const ONLY = process.env.BENCH_CASES?.split(',').map((s) => s.trim());
const CASES = ONLY
	? ALL_CASES.filter((c) =>
			ONLY.includes(`${c.side}x${c.inFlight}${c.providerMs ? `x${c.providerMs}` : ''}`)
		)
	: ALL_CASES;

/** A PNG of noise: AI images compress about as badly. */
async function noisePng(side: number): Promise<Uint8Array> {
	const raw = randomBytes(side * side * 3);
	return new Uint8Array(
		await sharp(raw, { raw: { width: side, height: side, channels: 3 } })
			.png({ compressionLevel: 6 })
			.toBuffer()
	);
}

async function openDatabase(
	kind: 'pglite' | 'postgres'
): Promise<DatabaseHandle & { drop(): Promise<void> }> {
	if (kind === 'pglite') {
		const handle = await openPglite(null);
		await migrate(handle);
		return { ...handle, drop: async () => {} };
	}
	const name = `nbs_bench_relay_${randomBytes(5).toString('hex')}`;
	const admin = postgres(SERVER_URL!, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = Object.assign(new URL(SERVER_URL!), { pathname: `/${name}` }).toString();
	const handle = await openPostgres(url, 20);
	await migrate(handle);
	return {
		...handle,
		async drop() {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

async function benchDatabase(
	kind: 'pglite' | 'postgres',
	images: Map<number, Uint8Array>
): Promise<void> {
	console.log(`\n${kind === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL'}`);
	console.log(
		'  image        in flight  provider   direct p50 / p99      via relay p50 / p99    added p50 / p99   ×'
	);
	for (const c of CASES) {
		const fake = await startFakeProvider({ answerImage: images.get(c.side) });
		const dataDir = mkdtempSync(join(tmpdir(), 'nbs-bench-relay-'));
		const database = await openDatabase(kind);
		const env = parseEnv({
			DATA_DIR: dataDir,
			STATIC_DIR: join(dataDir, 'none'),
			LOG_LEVEL: 'silent',
			DEMO_PROVIDER: 'off',
			OPENROUTER_API_KEY: FAKE_PROVIDER_KEY,
			OPENROUTER_BASE_URL: fake.baseUrl,
			RATE_LIMIT_PER_MINUTE: '100000',
			MAX_IN_FLIGHT_PER_USER: '100',
			GLOBAL_PROVIDER_CONCURRENCY: '10'
		});
		const runtime = await createRuntime(env, {
			logger: createLogger({ level: 'silent' }),
			database
		});
		const relay = createRelay(runtime.deps);
		const url = await relay.listen(0, '127.0.0.1');
		const user = await createTestUser(runtime.deps.db, {
			email: `bench-relay-${randomBytes(3).toString('hex')}@example.test`,
			credits: 10_000_000,
			now: Date.now()
		});
		const { secret } = await createApiKey(runtime.deps, user.id, { name: 'bench' });
		const slow = () => c.providerMs > 0 && fake.script({ kind: 'slow', ms: c.providerMs });

		const direct = async (i: number) => {
			slow();
			const res = await fetch(`${fake.baseUrl}/chat/completions`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${FAKE_PROVIDER_KEY}`,
					'content-type': 'application/json'
				},
				body: JSON.stringify({
					model: MODEL,
					modalities: ['image', 'text'],
					messages: [{ role: 'user', content: `bench ${i}` }]
				})
			});
			if (!res.ok) throw new Error(`fake answered ${res.status}`);
			await res.json();
		};
		const viaRelay = async (i: number) => {
			slow();
			const res = await fetch(`${url}/v1/images/generations`, {
				method: 'POST',
				headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
				body: JSON.stringify({ model: MODEL, prompt: `bench ${i}`, response_format: 'url' })
			});
			if (!res.ok) throw new Error(`relay answered ${res.status}: ${await res.text()}`);
			await res.json();
		};
		try {
			await measure(2, 2, direct); // warm-up: JIT, sharp, connections
			await measure(2, 2, viaRelay);
			const base = await measure(c.requests, c.inFlight, direct);
			const relayed = await measure(c.requests, c.inFlight, viaRelay);
			const cell = (samples: number[]) =>
				`${percentile(samples, 0.5).toFixed(0).padStart(6)} / ${percentile(samples, 0.99).toFixed(0).padStart(6)} ms`;
			const added = (q: number) =>
				(percentile(relayed, q) - percentile(base, q)).toFixed(0).padStart(5);
			const label = `${c.side}² PNG ${(images.get(c.side)!.byteLength / 1e6).toFixed(1)} MB`.padEnd(
				18
			);
			console.log(
				`  ${label} ${String(c.inFlight).padStart(3)}  ${(c.providerMs ? `${c.providerMs / 1000} s` : 'at once').padEnd(8)}  ${cell(base)}   ${cell(relayed)}   ${added(0.5)} / ${added(0.99)} ms  ${(percentile(relayed, 0.5) / percentile(base, 0.5)).toFixed(3)}`
			);
		} finally {
			await relay.close();
			await runtime.shutdown(2_000);
			await database.drop();
			await fake.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	}
}

const images = new Map<number, Uint8Array>();
for (const side of new Set(CASES.map((c) => c.side))) images.set(side, await noisePng(side));
await benchDatabase('pglite', images);
if (SERVER_URL) await benchDatabase('postgres', images);
