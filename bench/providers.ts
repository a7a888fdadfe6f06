/**
 * Provider-side speed figures (printed, never asserted): the demo provider's drawing time per
 * image at 1K sizes, and the relay's check of a provider answer (sniff + sharp clean + thumbnail).
 * Run: npm run bench:providers
 */
import { performance } from 'node:perf_hooks';
import { createDemoProvider } from '../server/providers/demo';
import { checkImageBytes } from '../server/providers/image-bytes';
import { cleanImage, makeThumbnail } from '../server/media/images';
import type { AspectRatio } from '../src/lib/shared/schemas/catalogue';

/** BENCH_SMOKE=1 (CI): two runs each, enough to prove the bench still works. */
const RUNS = process.env.BENCH_SMOKE ? 2 : 15;

function summary(label: string, samples: number[]): void {
	const sorted = [...samples].sort((a, b) => a - b);
	const pick = (q: number) =>
		sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
	console.log(
		`${label.padEnd(44)} median ${pick(0.5)} ms   p90 ${pick(0.9)} ms   (n=${samples.length})`
	);
}

async function main(): Promise<void> {
	const demo = createDemoProvider({ latencyMs: 0 });
	const live = new AbortController().signal;
	let png: Uint8Array = new Uint8Array();
	for (const aspectRatio of ['1:1', '16:9'] as AspectRatio[]) {
		const request = (i: number) => ({
			upstreamModel: 'sketch',
			prompt: `bench ${i}`,
			aspectRatio,
			sources: [],
			requestId: `bench-${i}`
		});
		await demo.generate(request(-1), live); // warm up
		const times: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const started = performance.now();
			png = (await demo.generate(request(i), live)).images[0].bytes;
			times.push(performance.now() - started);
		}
		summary(`demo draw + PNG encode, ${aspectRatio}`, times);
	}
	const checks: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		checkImageBytes(png, 'bench');
		const clean = await cleanImage(png, 'provider-output');
		await makeThumbnail(clean.bytes);
		checks.push(performance.now() - started);
	}
	summary('answer check: sniff + sharp clean + thumbnail', checks);
}

await main();
