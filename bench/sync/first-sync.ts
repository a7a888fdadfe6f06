/**
 * First sync into an empty device, in real Chromium: a fresh browser context signs in to a seeded
 * account; a watcher in the page counts rows and thumbnails in the user's IndexedDB (opening it
 * only once the app made it, closing it after each count) while a Long Tasks observer records
 * main-thread tasks ≥ 50 ms. Times run from the "Sign in" click.
 */
import type { Browser } from '@playwright/test';
import { PASSWORD } from './config';

export interface FirstSyncFigures {
	signInMs: number;
	rowsMs: number;
	thumbsMs: number;
	longestTaskMs: number;
	longTasks: number;
}

/** The launch options of playwright.config.ts (Debian's Chromium, never a downloaded one). */
export async function launchChromium(): Promise<Browser> {
	const { chromium } = await import('@playwright/test');
	return chromium.launch({
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
}

type Expected = { dbName: string; prompts: number; images: number; timeoutMs: number };

/** Runs in the page: polls counts every 50 ms; resolves with Date.now() when rows, then thumbnails, are all there. */
function watchIndexedDb({
	dbName,
	prompts,
	images,
	timeoutMs
}: Expected): Promise<{ rowsAt: number; thumbsAt: number }> {
	const request = <T>(r: IDBRequest<T>) =>
		new Promise<T>(
			(resolve, reject) => (
				(r.onsuccess = () => resolve(r.result)),
				(r.onerror = () => reject(r.error))
			)
		);
	const counts = async () => {
		if (!(await indexedDB.databases()).some((d) => d.name === dbName)) return null;
		const db = await request(indexedDB.open(dbName));
		try {
			const names = ['prompts', 'images', 'blobs'];
			if (!names.every((n) => db.objectStoreNames.contains(n))) return null;
			const tx = db.transaction(names, 'readonly');
			const [p, i, t] = await Promise.all([
				request(tx.objectStore('prompts').count()),
				request(tx.objectStore('images').count()),
				request(tx.objectStore('blobs').index('kind').count('thumb'))
			]);
			return { p, i, t };
		} finally {
			db.close();
		}
	};
	return new Promise((resolve, reject) => {
		const until = Date.now() + timeoutMs;
		let rowsAt = 0;
		const tick = async () => {
			const c = await counts().catch(() => null);
			if (c && !rowsAt && c.p >= prompts && c.i >= images) rowsAt = Date.now();
			if (c && rowsAt && c.t >= images) return resolve({ rowsAt, thumbsAt: Date.now() });
			if (Date.now() > until)
				return reject(
					new Error(`first sync incomplete after ${timeoutMs} ms: ${JSON.stringify(c)}`)
				);
			setTimeout(() => void tick(), 50);
		};
		void tick();
	});
}

/** Signs in to `email` on a fresh context of `browser` and times the first sync of `expected` rows. */
export async function firstSync(
	browser: Browser,
	url: string,
	account: { email: string; userId: string },
	expected: { prompts: number; images: number }
): Promise<FirstSyncFigures> {
	const context = await browser.newContext({ baseURL: url });
	try {
		const page = await context.newPage();
		// tsx compiles functions with esbuild's keepNames, whose `__name` helper the page lacks.
		await page.addInitScript('globalThis.__name = (f) => f');
		await page.addInitScript(() => {
			const w = window as unknown as { __longTasks: number[] };
			w.__longTasks = [];
			new PerformanceObserver((list) =>
				list.getEntries().forEach((entry) => w.__longTasks.push(entry.duration))
			).observe({ type: 'longtask', buffered: true });
		});
		await page.goto('/login');
		await page.getByLabel('Email').fill(account.email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
		const clicked = Date.now();
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByLabel('Prompt', { exact: true }).waitFor();
		const signInMs = Date.now() - clicked;
		const timeoutMs = 5 * 60_000;
		const { rowsAt, thumbsAt } = await page.evaluate(watchIndexedDb, {
			dbName: `nbs-${account.userId}`,
			...expected,
			timeoutMs
		});
		const tasks = await page.evaluate(
			() => (window as unknown as { __longTasks: number[] }).__longTasks
		);
		return {
			signInMs,
			rowsMs: rowsAt - clicked,
			thumbsMs: thumbsAt - clicked,
			longestTaskMs: Math.max(0, ...tasks),
			longTasks: tasks.length
		};
	} finally {
		await context.close();
	}
}
