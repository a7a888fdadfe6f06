/**
 * Sizes, targets and printing for `npm run bench:sync` (bench/sync.ts). BENCH_SMOKE=1 shrinks
 * every size so CI runs the whole bench quickly; figures are printed, never asserted.
 */

/** True under BENCH_SMOKE=1: every part runs, on small sizes. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** How much each part does (full run / smoke run). */
export const SIZES = SMOKE
	? { prompts: 200, images: 40, changes: 5, generations: 2, pushes: 400 }
	: { prompts: 10_000, images: 2_000, changes: 50, generations: 20, pushes: 10_000 };

/** Mutations per sync.push request (the client's chunk size, MAX_PUSH_MUTATIONS). */
export const PUSH_BATCH = 200;

/** The password of every bench account. */
export const PASSWORD = 'long password 123';

/** The targets of issue 10, printed beside each figure. */
export const TARGETS = {
	rowsMs: 2_000,
	thumbsMs: 10_000,
	changeP95Ms: 500,
	generationP50Ms: 150,
	pushesPerSecond: 2_000
} as const;

/** The value at percentile `p` (0–100) of unsorted samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return (
		sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
		NaN
	);
}

/** One printed figure: `label: value (target …: met|MISSED)`; `higherIsBetter` for rates. */
export function figure(
	label: string,
	value: number,
	unit: string,
	target?: number,
	higherIsBetter = false
): string {
	const shown = `${Math.round(value).toLocaleString('en-US')} ${unit}`;
	if (target === undefined) return `  ${label}: ${shown}`;
	const met = higherIsBetter ? value >= target : value <= target;
	const bound = `${higherIsBetter ? '≥' : '≤'} ${target.toLocaleString('en-US')} ${unit}`;
	return `  ${label}: ${shown}   (target ${bound}: ${met ? 'met' : 'MISSED'})`;
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined> | T | undefined,
	timeoutMs = 60_000,
	everyMs = 20
): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > until) throw new Error(`bench: timed out waiting for ${what}`);
		await sleep(everyMs);
	}
}
