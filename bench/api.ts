/**
 * `npm run bench:api` — what the OpenAI-compatible path adds (printed, never asserted): the latency
 * of POST /v1/images/generations (b64_json) on a relay whose provider is the local fake, minus the
 * latency of the same fake provider called directly, p50 and p99, at 1 and 16 concurrent clients.
 * The added part is the relay's work: key check, rate limit, the money transaction, a provider slot,
 * decoding/cleaning/thumbnailing the image, storing it, the commit, and the waiting poll.
 * In-memory PGlite; BENCH_SMOKE=1 runs a handful of requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '../server/bootstrap';
import { createRelay } from '../server/app';
import { parseEnv } from '../server/env';
import { createLogger } from '../server/logger';
import { openPglite } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import { createApiKey } from '../server/services/api-keys.service';
import { createTestUser } from '../server/testing/fast-user';
import { FAKE_PROVIDER_KEY, startFakeProvider } from '../server/testing/fake-provider';
import { measure, percentile } from './lib/latency';

const SMOKE = Boolean(process.env.BENCH_SMOKE);
/** Requests per row; the smoke run sends one wave (4 one at a time, 16 at once). */
const REQUESTS = (concurrency: number) =>
	Number(process.env.BENCH_REQUESTS ?? (SMOKE ? Math.max(4, concurrency) : 200));
const MODEL = 'google/gemini-2.5-flash-image';

async function main(): Promise<void> {
	const fake = await startFakeProvider();
	const dataDir = mkdtempSync(join(tmpdir(), 'nbs-bench-api-'));
	const env = parseEnv({
		DATA_DIR: dataDir,
		STATIC_DIR: join(dataDir, 'none'),
		LOG_LEVEL: 'silent',
		DEMO_PROVIDER: 'off',
		OPENROUTER_API_KEY: FAKE_PROVIDER_KEY,
		OPENROUTER_BASE_URL: fake.baseUrl,
		// Limits out of the way: this measures the path, not the caps (16 in flight, 10 provider slots max).
		RATE_LIMIT_PER_MINUTE: '100000',
		MAX_IN_FLIGHT_PER_USER: '100',
		GLOBAL_PROVIDER_CONCURRENCY: '10'
	});
	const database = await openPglite(null);
	await migrate(database);
	const runtime = await createRuntime(env, { logger: createLogger({ level: 'silent' }), database });
	const relay = createRelay(runtime.deps);
	const url = await relay.listen(0, '127.0.0.1');
	const user = await createTestUser(runtime.deps.db, {
		email: 'bench-api@example.test',
		credits: 10_000_000,
		now: Date.now()
	});
	const { secret } = await createApiKey(runtime.deps, user.id, { name: 'bench' });

	const direct = async (i: number) => {
		const res = await fetch(`${fake.baseUrl}/chat/completions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${FAKE_PROVIDER_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				model: 'google/gemini-2.5-flash-image',
				modalities: ['image', 'text'],
				messages: [{ role: 'user', content: `bench ${i}` }]
			})
		});
		if (!res.ok) throw new Error(`fake answered ${res.status}`);
		await res.arrayBuffer();
	};
	const viaApi = async (i: number) => {
		const res = await fetch(`${url}/v1/images/generations`, {
			method: 'POST',
			headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
			body: JSON.stringify({ model: MODEL, prompt: `bench ${i}`, response_format: 'b64_json' })
		});
		if (!res.ok) throw new Error(`/v1 answered ${res.status}: ${await res.text()}`);
		await res.arrayBuffer();
	};

	await measure(2, 2, direct); // warm up both paths (sharp, JIT, connections)
	await measure(2, 2, viaApi);
	console.log('bench:api — the fake provider answers at once; added = /v1 minus direct');
	for (const concurrency of [1, 16]) {
		const base = await measure(REQUESTS(concurrency), concurrency, direct);
		const api = await measure(REQUESTS(concurrency), concurrency, viaApi);
		const row = (q: number) =>
			`p${Math.round(q * 100)} ${percentile(api, q).toFixed(1)} ms (direct ${percentile(base, q).toFixed(1)}, added ${(percentile(api, q) - percentile(base, q)).toFixed(1)})`;
		console.log(
			`  ${String(concurrency).padStart(2)} concurrent, ${api.length} requests: ${row(0.5)}   ${row(0.99)}`
		);
	}

	await relay.close();
	await runtime.shutdown(2_000);
	await fake.close();
	rmSync(dataDir, { recursive: true, force: true });
}

await main();
