import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putBlob } from '../db/blob.repository';
import type { StudioDB } from '../db/database';
import { evictOriginals, storageUsage } from '../sync/blob-eviction';
import { deleteTestDB, makeBytes, makeTestDB } from '../testing/factories';
import { keepOffline } from './keep-offline';

describe('keep offline', () => {
	let db: StudioDB;
	beforeEach(() => {
		db = makeTestDB();
	});
	afterEach(() => deleteTestDB(db));

	it('pins the originals on the device so Free up space keeps them, and counts the ones it cannot have', async () => {
		const kept = 'a'.repeat(64);
		const other = 'b'.repeat(64);
		await putBlob(db, {
			sha256: kept,
			bytes: makeBytes(1, 500),
			mime: 'image/png',
			kind: 'original',
			uploaded: 1
		});
		await putBlob(db, {
			sha256: other,
			bytes: makeBytes(2, 300),
			mime: 'image/png',
			kind: 'original',
			uploaded: 1
		});

		const result = await keepOffline(db, [{ sha256: kept }, { sha256: 'c'.repeat(64) }], {
			online: false
		});
		const freed = await evictOriginals(db, { bytesToFree: Infinity });

		expect(result).toEqual({ kept: 1, missing: 1 });
		expect(freed).toEqual({ count: 1, bytes: 300 });
		expect(await db.blobs.get(kept)).toBeDefined();
		expect((await storageUsage(db)).pinned).toBe(500);
	});
});
