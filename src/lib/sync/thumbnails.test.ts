import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from '../db/database';
import { sha256Hex } from '../shared/hash';
import { deleteTestDB, makeBytes, makeImage, makeTestDB } from '../testing/factories';
import { networkError } from '../testing/fake-relay';
import { FakeSyncRelay } from '../testing/fake-sync-relay';
import { ThumbnailFetcher } from './thumbnails';

describe('ThumbnailFetcher', () => {
	let db: StudioDB;
	let relay: FakeSyncRelay;
	let hashes: string[];
	beforeEach(async () => {
		db = makeTestDB();
		relay = new FakeSyncRelay();
		hashes = [];
		for (let i = 0; i < 10; i++) {
			const bytes = makeBytes(i + 1);
			const sha256 = await sha256Hex(bytes);
			relay.blobs.set(sha256, { bytes, mime: 'image/webp' });
			hashes.push(sha256);
			await db.images.put(makeImage({ id: `i${i}`, thumbSha256: sha256 }));
		}
	});
	afterEach(() => deleteTestDB(db));

	it('downloads every missing thumbnail one by one, at most 6 at once, without a batch route', async () => {
		let release = () => {};
		relay.gate = new Promise<void>((resolve) => (release = resolve));
		const pending: number[] = [];
		const sut = new ThumbnailFetcher({
			db,
			fetchBlob: (sha) => relay.fetchBlob(sha),
			onPending: (n) => pending.push(n)
		});

		await sut.scan();
		const done = sut.drain();
		for (let i = 0; i < 200 && relay.fetching < 6; i++)
			await new Promise((resolve) => setTimeout(resolve, 1));
		expect(relay.fetching).toBe(6);
		release();
		await done;

		expect(relay.maxFetching).toBe(6);
		expect(await db.blobs.where('kind').equals('thumb').count()).toBe(10);
		expect(await db.blobs.get(hashes[0])).toMatchObject({ uploaded: 1, mime: 'image/webp' });
		expect(pending[0]).toBe(10);
		expect(pending.at(-1)).toBe(0);
	});

	it('fetches them in one batch request, and alone only what the batch left out', async () => {
		const batches: string[][] = [];
		const alone: string[] = [];
		const sut = new ThumbnailFetcher({
			db,
			fetchBlob: (sha) => (alone.push(sha), relay.fetchBlob(sha)),
			fetchThumbnails: async (asked) => {
				batches.push(asked);
				// The relay leaves out what it will not batch (e.g. too big): hashes[3] here.
				const entries = await Promise.all(
					asked
						.filter((h) => h !== hashes[3])
						.map(async (h) => [h, await relay.fetchBlob(h)] as const)
				);
				return new Map(entries);
			}
		});

		await sut.scan();
		await sut.drain();

		expect(batches).toHaveLength(1);
		expect(batches[0].sort()).toEqual([...hashes].sort());
		expect(alone).toEqual([hashes[3]]);
		expect(await db.blobs.where('kind').equals('thumb').count()).toBe(10);
	});

	it('picks up where it stopped when the connection dropped', async () => {
		let calls = 0;
		const first = new ThumbnailFetcher({
			db,
			concurrency: 1,
			fetchBlob: (sha) => (++calls > 3 ? Promise.reject(networkError()) : relay.fetchBlob(sha))
		});
		await first.scan();
		await first.drain();
		expect(await db.blobs.count()).toBe(3);
		expect(first.pending).toBe(7);

		const fetched: string[] = [];
		const sut = new ThumbnailFetcher({
			db,
			fetchBlob: (sha) => (fetched.push(sha), relay.fetchBlob(sha))
		});
		await sut.scan();
		await sut.drain();

		expect(fetched).toHaveLength(7);
		expect(await db.blobs.count()).toBe(10);
	});

	it('frees space once by evicting originals, and reports a disk that stays full', async () => {
		let quotaFailures = 2;
		db.blobs.hook('creating', () => {
			if (quotaFailures-- > 0) throw new DOMException('full', 'QuotaExceededError');
		});
		const evictions: number[] = [];
		const sut = new ThumbnailFetcher({
			db,
			concurrency: 1,
			fetchBlob: (sha) => relay.fetchBlob(sha),
			evictOriginals: async (_db, { bytesToFree }) => (
				evictions.push(bytesToFree),
				{ count: 1, bytes: bytesToFree }
			)
		});
		await sut.scan();

		await expect(sut.drain()).rejects.toMatchObject({ name: 'StorageFullError' });
		expect(evictions).toHaveLength(1);
		expect(sut.pending).toBe(10);

		await sut.drain();
		expect(await db.blobs.count()).toBe(10);
	});
});
