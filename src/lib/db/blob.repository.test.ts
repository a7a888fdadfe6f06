import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudioDB } from './database';
import { getBlob, hasBlob, putBlob } from './blob.repository';
import { StorageFullError } from './storage-errors';
import { sha256Hex } from '../shared/hash';
import { deleteTestDB, makeBytes, makeTestDB } from '../testing/factories';

describe('blob.repository', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('returns the same bytes and hash when an ArrayBuffer is stored and read back', async () => {
		const bytes = makeBytes(1, 4096);
		const sha256 = await sha256Hex(bytes);

		await putBlob(sut, { sha256, bytes, mime: 'image/webp', kind: 'thumb' });
		const stored = await getBlob(sut, sha256);

		expect(stored?.bytes).toBeInstanceOf(ArrayBuffer);
		expect(await sha256Hex(stored!.bytes)).toBe(sha256);
		expect(new Uint8Array(stored!.bytes)).toEqual(new Uint8Array(bytes));
		expect(stored).toMatchObject({ mime: 'image/webp', kind: 'thumb', uploaded: 1, pinned: 0 });
		expect(await hasBlob(sut, sha256)).toBe(true);
	});

	it('refreshes lastAccessAt when a stale blob is read', async () => {
		const bytes = makeBytes(2);
		const sha256 = await sha256Hex(bytes);
		await putBlob(sut, { sha256, bytes, mime: 'image/png', kind: 'original' }, 1000);

		await getBlob(sut, sha256, 1000 + 120_000);

		expect((await sut.blobs.get(sha256))?.lastAccessAt).toBe(121_000);
	});

	it('answers undefined for a hash that is not stored', async () => {
		expect(await getBlob(sut, 'f'.repeat(64))).toBeUndefined();
		expect(await hasBlob(sut, 'f'.repeat(64))).toBe(false);
	});

	it('surfaces a StorageFullError when the browser refuses the write for quota', async () => {
		const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		vi.spyOn(sut.blobs, 'put').mockRejectedValueOnce(quota);

		const write = putBlob(sut, {
			sha256: 'c'.repeat(64),
			bytes: makeBytes(3),
			mime: 'image/png',
			kind: 'original'
		});

		await expect(write).rejects.toBeInstanceOf(StorageFullError);
		await expect(write).rejects.toMatchObject({ cause: quota });
	});
});
