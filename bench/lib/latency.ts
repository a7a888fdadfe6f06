/** Latency helpers shared by the relay-side benchmarks (bench:api, bench:relay, bench:blobs). */
import { performance } from 'node:perf_hooks';

/** The q-quantile (0–1) of `samples`, nearest rank. */
export function percentile(samples: number[], q: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Runs `total` calls with `concurrency` in flight; returns each call's latency (ms). */
export async function measure(
	total: number,
	concurrency: number,
	call: (i: number) => Promise<unknown>
): Promise<number[]> {
	const times: number[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < total) {
				const i = next++;
				const started = performance.now();
				await call(i);
				times.push(performance.now() - started);
			}
		})
	);
	return times;
}
