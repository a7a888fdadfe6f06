/**
 * `npm run bench:blobs` — blob store throughput, printed as figures (never asserted): PUT and GET
 * of 2.7 MB originals and 40 KB thumbnails, one at a time and 8 at once, on the local folder and
 * on an S3-compatible server on 127.0.0.1 (s3rver — a Node S3 server, so its figures are a floor
 * for the S3 code path rather than a prediction for MinIO or AWS). BENCH_SMOKE=1: a few blobs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BlobStore } from '../server/blobs/blob-store';
import { sha256Hex } from '../server/blobs/blob-hash';
import { createFsBlobStore } from '../server/blobs/fs-store';
import { createS3BlobStore } from '../server/blobs/s3-store';
import { startS3Server } from '../server/testing/s3-server';
import { measure, percentile } from './lib/latency';

const SMOKE = Boolean(process.env.BENCH_SMOKE);
const SIZES = [
	{ label: 'original 2.7 MB', bytes: 2_700_000, count: SMOKE ? 4 : 60 },
	{ label: 'thumbnail 40 KB', bytes: 40_000, count: SMOKE ? 10 : 600 }
];

/** Wall time of `count` tasks with `concurrency` in flight, and their p99 latency. */
async function timed(
	count: number,
	concurrency: number,
	task: (i: number) => Promise<unknown>
): Promise<{ seconds: number; p99: number }> {
	const started = performance.now();
	const latencies = await measure(count, concurrency, task);
	return { seconds: (performance.now() - started) / 1000, p99: percentile(latencies, 0.99) };
}

async function benchStore(name: string, store: BlobStore): Promise<void> {
	for (const size of SIZES) {
		for (const concurrency of [1, 8]) {
			const blobs = Array.from({ length: size.count }, () => {
				const bytes = new Uint8Array(randomBytes(size.bytes));
				return { bytes, sha: sha256Hex(bytes) };
			});
			const mb = (size.bytes * size.count) / 1e6;
			const put = await timed(size.count, concurrency, (i) =>
				store.put(blobs[i].sha, blobs[i].bytes)
			);
			const get = await timed(size.count, concurrency, async (i) => {
				const opened = await store.open(blobs[i].sha);
				for await (const chunk of opened!.body) void chunk;
			});
			console.log(
				`${name.padEnd(12)} ${size.label.padEnd(16)} ×${concurrency}  PUT ${(mb / put.seconds).toFixed(1).padStart(6)} MB/s p99 ${put.p99.toFixed(1).padStart(6)} ms   GET ${(mb / get.seconds).toFixed(1).padStart(6)} MB/s p99 ${get.p99.toFixed(1).padStart(6)} ms`
			);
			for (const blob of blobs) await store.delete(blob.sha);
		}
	}
}

const root = mkdtempSync(join(tmpdir(), 'nbs-bench-blobs-'));
const s3 = await startS3Server('nbs-bench');
try {
	console.log(`blob store throughput${SMOKE ? ' (smoke)' : ''}; PUT includes the sha256 check`);
	await benchStore('local folder', createFsBlobStore(root));
	await benchStore('S3 (s3rver)', createS3BlobStore(s3.options));
} finally {
	await s3.close();
	rmSync(root, { recursive: true, force: true });
}
