/**
 * ZIP export throughput (npm run bench:zip): 500 originals (~1024² noisy PNGs, the size a
 * provider returns) through zipImages — provenance written into each, stored entries, manifest —
 * pulled by a sink that counts bytes, as a file writer would. Prints MB/s and peak memory
 * (RSS and ArrayBuffers above the starting point). BENCH_SMOKE=1 → 30 originals.
 */
import sharp from 'sharp';
import { zipImages } from '../src/lib/export/zip-images';
import type { ImageRow } from '../src/lib/shared/schemas/rows';

const COUNT = Number(process.env.ORIGINALS ?? (process.env.BENCH_SMOKE ? 30 : 500));
const DISTINCT = process.env.BENCH_SMOKE ? 2 : 4;
// Smoke: smaller originals, so the run (sharp making them included) stays within a few seconds.
const SIDE = process.env.BENCH_SMOKE ? 512 : 1024;

async function makeOriginals(): Promise<Uint8Array[]> {
	return Promise.all(
		Array.from({ length: DISTINCT }, async (_, i) => {
			const noise = { type: 'gaussian' as const, mean: 100 + i * 20, sigma: 40 };
			return new Uint8Array(
				await sharp({
					create: { width: SIDE, height: SIDE, channels: 3, background: '#000', noise }
				})
					.png({ compressionLevel: 1 })
					.toBuffer()
			);
		})
	);
}

function makeImage(i: number): ImageRow {
	return {
		id: `0192f000-0000-7000-8000-${String(i).padStart(12, '0')}`,
		generationId: null,
		outputIndex: 0,
		sha256: String(i).padStart(64, '0'),
		thumbSha256: 'c'.repeat(64),
		width: SIDE,
		height: SIDE,
		mime: 'image/png',
		bytes: 0,
		model: 'google/gemini-2.5-flash-image',
		prompt: `a lighthouse at dusk, variation ${i}, 山间小屋`,
		params: { aspectRatio: '1:1', seed: i, negativePrompt: 'blurry' },
		sourceHashes: [],
		price: 4,
		providerRequestId: null,
		favourite: false,
		rating: 0,
		discardedAt: null,
		createdAt: 1_780_000_000_000 + i * 1000,
		updatedAt: 0,
		deletedAt: null
	};
}

const originals = await makeOriginals();
const images = Array.from({ length: COUNT }, (_, i) => makeImage(i));
const inputBytes = images.reduce((sum, _, i) => sum + originals[i % DISTINCT].length, 0);

globalThis.gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakBuffers = base.arrayBuffers;
// Sampled on every chunk written: the pipeline runs on microtasks, so a timer would never fire.
function sample() {
	const now = process.memoryUsage();
	peakRss = Math.max(peakRss, now.rss);
	peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
}

let written = 0;
const started = performance.now();
const cpuStart = process.cpuUsage();
await zipImages({
	images,
	// A fresh copy per image, as reading it from IndexedDB or the relay would give.
	loadOriginal: async (image) => originals[Number(image.params.seed) % DISTINCT].slice()
}).pipeTo(
	new WritableStream({
		write: (chunk) => void ((written += chunk.length), written % 8 === 0 && sample())
	})
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
sample();

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
console.log(`zip export: ${COUNT} originals, ${mb(inputBytes)} MB in, ${mb(written)} MB ZIP`);
console.log(
	`  throughput ${(written / 1e6 / seconds).toFixed(0)} MB/s wall (${seconds.toFixed(2)} s), ${(written / 1e6 / cpuSeconds).toFixed(0)} MB/s of CPU time (${cpuSeconds.toFixed(2)} s; the wall figure suffers on a shared machine)`
);
console.log(
	`  peak memory above start: RSS +${mb(peakRss - base.rss)} MB, ArrayBuffers +${mb(peakBuffers - base.arrayBuffers)} MB (one original ≈ ${mb(originals[0].length)} MB)`
);
