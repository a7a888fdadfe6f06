import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobRecord, StudioDB } from '../db/database';
import { deleteTestDB, makeBytes, makeTestDB } from '../testing/factories';
import { evictOriginals, storageUsage } from './blob-eviction';

let counter = 0;
function makeBlob(overrides: Partial<BlobRecord> & { size?: number } = {}): BlobRecord {
	counter += 1;
	const { size = 100, ...rest } = overrides;
	return {
		sha256: counter.toString(16).padStart(64, '0'),
		bytes: makeBytes(counter, size),
		mime: 'image/png',
		kind: 'original',
		uploaded: 1,
		lastAccessAt: 1000,
		pinned: 0,
		...rest
	};
}

describe('storageUsage', () => {
	let db: StudioDB;
	beforeEach(() => {
		db = makeTestDB();
	});
	afterEach(() => deleteTestDB(db));

	it('splits bytes into thumbnails, relay-held, device-only and pinned originals when all kinds are stored', async () => {
		await db.blobs.bulkPut([
			makeBlob({ kind: 'thumb', size: 10 }),
			makeBlob({ kind: 'thumb', size: 20, uploaded: 0 }),
			makeBlob({ size: 300 }),
			makeBlob({ size: 400 }),
			makeBlob({ size: 500, uploaded: 0 }),
			makeBlob({ size: 600, pinned: 1 })
		]);

		const sut = await storageUsage(db);

		expect(sut).toEqual({
			thumbnails: 30,
			originalsOnRelay: 700,
			originalsOnlyHere: 500,
			pinned: 600,
			evictableCount: 2,
			total: 1830
		});
	});

	it('reports zero everywhere when the device holds no images', async () => {
		expect((await storageUsage(db)).total).toBe(0);
	});
});

describe('evictOriginals', () => {
	let db: StudioDB;
	beforeEach(() => {
		db = makeTestDB();
	});
	afterEach(() => deleteTestDB(db));

	it('drops the least recently viewed uploaded originals first when asked for part of the space', async () => {
		const old = makeBlob({ size: 100, lastAccessAt: 1 });
		const middle = makeBlob({ size: 100, lastAccessAt: 2 });
		const recent = makeBlob({ size: 100, lastAccessAt: 3 });
		await db.blobs.bulkPut([recent, old, middle]);

		const sut = await evictOriginals(db, { bytesToFree: 150 });

		expect(sut).toEqual({ count: 2, bytes: 200 });
		expect(await db.blobs.get(old.sha256)).toBeUndefined();
		expect(await db.blobs.get(middle.sha256)).toBeUndefined();
		expect(await db.blobs.get(recent.sha256)).toBeDefined();
	});

	it('never drops device-only originals, pinned originals or thumbnails when freeing everything', async () => {
		const kept = [
			makeBlob({ uploaded: 0, lastAccessAt: 1 }),
			makeBlob({ pinned: 1, lastAccessAt: 1 }),
			makeBlob({ uploaded: 0, pinned: 1, lastAccessAt: 1 }),
			makeBlob({ kind: 'thumb', lastAccessAt: 1 })
		];
		const evictable = makeBlob({ size: 250, lastAccessAt: 5 });
		await db.blobs.bulkPut([...kept, evictable]);

		const sut = await evictOriginals(db, { bytesToFree: Infinity });

		expect(sut).toEqual({ count: 1, bytes: 250 });
		expect((await db.blobs.toArray()).map((blob) => blob.sha256).sort()).toEqual(
			kept.map((blob) => blob.sha256).sort()
		);
		expect((await storageUsage(db)).originalsOnRelay).toBe(0);
	});

	it('frees nothing when no bytes are asked for', async () => {
		await db.blobs.put(makeBlob());

		expect(await evictOriginals(db, { bytesToFree: 0 })).toEqual({ count: 0, bytes: 0 });
		expect(await db.blobs.count()).toBe(1);
	});
});
