/**
 * `npm run bench:sync` — sync figures (issue 10), printed with their targets, never asserted:
 *  1. first sync into an empty device, in real Chromium: an account of 10,000 prompts (pushed
 *     through sync.push) and 2,000 images (rows + distinct sharp-made WebP thumbnails stored
 *     through the relay's repositories and blob store); time until every row is in IndexedDB,
 *     until every thumbnail is, and the main thread's long tasks meanwhile;
 *  2. a change on device A stored on device B: p50/p95 over 50 prompt edits, two Node devices
 *     running the real client modules (fake-indexeddb, HTTP tRPC, SSE pokes via `eventsource`);
 *  3. a generation's recorded finish on the relay → its image row on the submitting device (p50);
 *  4. push throughput: mutations per second for one user, batches of 200 through the real router.
 * The relay runs as a child process (`node --import tsx server/main.ts`, demo provider at zero
 * latency, serving ./build: run `npx vite build` first). PGlite always; PostgreSQL too when
 * TEST_DATABASE_URL or DATABASE_URL is set (a new database there, dropped afterwards).
 * BENCH_SMOKE=1 shrinks every size; `--node-only` skips Chromium (figure 1).
 */
import { cpus, loadavg } from 'node:os';
import { SIZES, SMOKE, TARGETS, figure, percentile } from './sync/config';
import { firstSync, launchChromium } from './sync/first-sync';
import { latencyFigures } from './sync/latency';
import { pushThroughput } from './sync/push-throughput';
import {
	createBenchDatabase,
	openRuntime,
	startRelayProcess,
	type DatabaseKind
} from './sync/relay';
import { benchPrompt, pushAll, registerAccount, seedImages } from './sync/seed';

const NODE_ONLY = process.argv.includes('--node-only');
const BASE_PORT = Number(process.env.BENCH_PORT ?? 4421);

async function run(kind: DatabaseKind, port: number, serverUrl?: string): Promise<void> {
	console.log(`\n${kind}`);
	const database = await createBenchDatabase(kind, serverUrl);
	try {
		// In-process runtime first: the push figure and the seed. PGlite allows one process per folder, so it closes before the relay starts.
		const runtime = await openRuntime(database);
		let seeded: { email: string; userId: string } | null = null;
		try {
			const push = await pushThroughput(runtime, SIZES.pushes);
			console.log(
				figure(
					`4. push throughput, one user, ${push.count.toLocaleString('en-US')} mutations (create/patch/tag.add) in batches of 200`,
					push.perSecond,
					'mutations/s',
					TARGETS.pushesPerSecond,
					true
				)
			);
			if (!NODE_ONLY) {
				const account = await registerAccount(runtime, 'first-sync');
				const seconds = await pushAll(
					account.caller,
					Array.from({ length: SIZES.prompts }, (_, i) => ({
						name: 'prompt.create',
						args: benchPrompt(i)
					}))
				);
				const started = performance.now();
				const thumbBytes = await seedImages(runtime, account.user.id, SIZES.images);
				console.log(
					`  (seed: ${SIZES.prompts.toLocaleString('en-US')} prompt.create through sync.push in ${seconds.toFixed(1)} s = ${Math.round(SIZES.prompts / seconds)} /s; ${SIZES.images.toLocaleString('en-US')} image rows + thumbnails (avg ${(thumbBytes / 1024).toFixed(1)} KB WebP) through the repositories in ${((performance.now() - started) / 1000).toFixed(1)} s)`
				);
				seeded = { email: account.email, userId: account.user.id };
			}
		} finally {
			await runtime.shutdown(2_000);
		}

		const relay = await startRelayProcess(database, port);
		try {
			if (seeded) {
				const browser = await launchChromium();
				try {
					const f = await firstSync(browser, relay.url, seeded, {
						prompts: SIZES.prompts,
						images: SIZES.images
					});
					const what = `${SIZES.prompts.toLocaleString('en-US')} prompts + ${SIZES.images.toLocaleString('en-US')} images`;
					// Judged from the signed-in page: the password check (argon2) before it is not sync.
					console.log(
						figure(
							`1. first sync of ${what}, signed in → all rows in IndexedDB`,
							f.rowsMs - f.signInMs,
							'ms',
							TARGETS.rowsMs
						)
					);
					console.log(
						figure(
							`   … signed in → all ${SIZES.images.toLocaleString('en-US')} thumbnails stored`,
							f.thumbsMs - f.signInMs,
							'ms',
							TARGETS.thumbsMs
						)
					);
					console.log(
						`   (from the Sign in click: rows ${f.rowsMs} ms, thumbnails ${f.thumbsMs} ms, sign-in ${f.signInMs} ms; longest main-thread task ${Math.round(f.longestTaskMs)} ms, ${f.longTasks} tasks > 50 ms)`
					);
				} finally {
					await browser.close();
				}
			}
			console.log(`   (load average now ${loadavg()[0].toFixed(1)})`);
			const l = await latencyFigures(relay.url, SIZES);
			console.log(
				figure(
					`2. prompt edit on device A → stored on device B, p50 over ${l.changeMs.length}`,
					percentile(l.changeMs, 50),
					'ms'
				)
			);
			console.log(figure(`   … p95`, percentile(l.changeMs, 95), 'ms', TARGETS.changeP95Ms));
			console.log(
				figure(
					`3. generation finished (relay finishedAt) → image row on the submitting device, p50 over ${l.generationMs.length}`,
					percentile(l.generationMs, 50),
					'ms',
					TARGETS.generationP50Ms
				)
			);
			console.log(`   (max ${Math.round(Math.max(...l.generationMs))} ms)`);
		} finally {
			await relay.stop();
		}
	} finally {
		await database.drop();
	}
}

const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
console.log(
	`bench:sync${SMOKE ? ' (BENCH_SMOKE: small sizes)' : ''}${NODE_ONLY ? ' (--node-only: no Chromium, no first-sync figure)' : ''}`
);
// Figures depend on what else runs: print the machine's load so a reader can judge them.
console.log(
	`${cpus().length} cores, load average ${loadavg()
		.map((l) => l.toFixed(1))
		.join(' / ')} (1 / 5 / 15 min)`
);
await run('pglite', BASE_PORT);
// Smoke mode proves the bench works on PGlite only: CI's relay suite already runs on PostgreSQL.
if (serverUrl && !SMOKE) await run('postgres', BASE_PORT + 1, serverUrl);
else
	console.log(
		`\npostgres: skipped (${SMOKE ? 'smoke mode' : 'set TEST_DATABASE_URL or DATABASE_URL'})`
	);
process.exit(0);
