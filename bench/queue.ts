/**
 * `npm run bench:queue` — two figures for the batch queue:
 *  1. scheduler throughput: items per second through QueueScheduler with an instant relay, on
 *     fake-indexeddb in Node (Dexie writes included), 1,000 items at concurrency 10;
 *  2. main-thread responsiveness: the longest main-thread task (Long Tasks API) in real Chromium
 *     while the queue worker runs 1,000 items against the real relay with the demo provider at
 *     zero latency. Needs `npm run build` first and Debian's Chromium (CHROMIUM_PATH to override).
 * Pass `--node-only` to skip the browser figure.
 */
import 'fake-indexeddb/auto';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioDB } from '../src/lib/db/database';
import { createJob } from '../src/lib/db/job.repository';
import { QueueScheduler } from '../src/lib/queue/scheduler';
import { ScriptedRelay } from '../src/lib/queue/scripted-relay';

/** BENCH_SMOKE=1 (CI) runs every part on 30 items, so a broken bench fails the build. */
const ITEMS = process.env.BENCH_SMOKE ? 30 : 1_000;

async function schedulerThroughput(): Promise<number> {
	const db = new StudioDB(`bench-${Date.now()}`);
	const relay = new ScriptedRelay({ pollsToFinish: 0 });
	const items = Array.from({ length: ITEMS }, (_, i) => ({ prompt: `bench ${i}` }));
	await createJob(db, {
		kind: 'prompts',
		name: 'bench',
		model: 'demo/fast',
		params: { aspectRatio: '1:1' },
		concurrency: 10,
		items
	});
	const sut = new QueueScheduler({ db, relay, pollMs: 10 });
	const started = performance.now();
	sut.start();
	while ((await db.jobItems.where('state').equals('done').count()) < ITEMS)
		await new Promise((resolve) => setTimeout(resolve, 20));
	const seconds = (performance.now() - started) / 1000;
	sut.stop();
	await sut.settle();
	if (relay.started.length !== ITEMS)
		throw new Error(`relay started ${relay.started.length} generations for ${ITEMS} items`);
	db.close();
	return ITEMS / seconds;
}

async function browserFigures(): Promise<{
	longestTaskMs: number;
	longTasks: number;
	itemsPerSecond: number;
}> {
	const { chromium } = await import('@playwright/test');
	const port = Number(process.env.BENCH_PORT ?? 4419);
	const relay = spawn('node', ['--import', 'tsx', 'server/main.ts'], {
		env: {
			...process.env,
			PORT: String(port),
			DATA_DIR: mkdtempSync(join(tmpdir(), 'nbs-bench-')),
			STATIC_DIR: './build',
			DEMO_PROVIDER: 'on',
			DEMO_LATENCY_MS: '0',
			STARTING_CREDITS: String(ITEMS * 2),
			RATE_LIMIT_PER_MINUTE: '100000',
			MAX_IN_FLIGHT_PER_USER: '10',
			LOG_LEVEL: 'warn'
		},
		stdio: 'inherit'
	});
	const base = `http://127.0.0.1:${port}`;
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	try {
		for (let i = 0; ; i++) {
			const ready = await fetch(`${base}/readyz`)
				.then((r) => r.ok)
				.catch(() => false);
			if (ready) break;
			if (i > 120) throw new Error('relay did not start');
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const page = await browser.newPage({ baseURL: base });
		await page.addInitScript(() => {
			const w = window as unknown as { __longTasks: number[] };
			w.__longTasks = [];
			new PerformanceObserver((list) =>
				list.getEntries().forEach((entry) => w.__longTasks.push(entry.duration))
			).observe({ type: 'longtask', buffered: true });
		});
		await page.goto('/login');
		await page.getByLabel('Email').fill(`bench-${Date.now()}@example.test`);
		await page.getByLabel('Password').fill('long password 123');
		await page.getByRole('button', { name: 'Create account' }).click();
		await page.getByLabel('Prompt', { exact: true }).waitFor();
		await page.getByRole('link', { name: 'Batch', exact: true }).click();
		await page
			.getByLabel('Prompts, one per line')
			.fill(Array.from({ length: ITEMS / 10 }, (_, i) => `bench prompt ${i}`).join('\n'));
		await page.getByLabel('Model').selectOption('demo/fast');
		await page.getByLabel('Images per prompt').fill('10');
		await page.getByLabel('At once').fill('10');
		await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
		const started = Date.now();
		await page.getByRole('button', { name: 'Start batch' }).click();
		await page
			.getByTestId('job-progress')
			.filter({ hasText: `${ITEMS} done` })
			.waitFor({ timeout: 15 * 60_000 });
		const seconds = (Date.now() - started) / 1000;
		const tasks = await page.evaluate(
			() => (window as unknown as { __longTasks: number[] }).__longTasks
		);
		return {
			longestTaskMs: Math.max(0, ...tasks),
			longTasks: tasks.length,
			itemsPerSecond: ITEMS / seconds
		};
	} finally {
		await browser.close();
		relay.kill('SIGTERM');
	}
}

const throughput = await schedulerThroughput();
console.log(
	`queue scheduler: ${throughput.toFixed(0)} items/s (${ITEMS} items, instant relay, fake-indexeddb)`
);
if (!process.argv.includes('--node-only')) {
	const figures = await browserFigures();
	console.log(
		`browser, ${ITEMS} items through the worker and the real relay: longest main-thread task ${figures.longestTaskMs.toFixed(0)} ms (${figures.longTasks} long tasks ≥ 50 ms), ${figures.itemsPerSecond.toFixed(1)} items/s end to end`
	);
}
process.exit(0);
