import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_STATUS_KEY, type SyncRejection } from '../sync/status';
import { deleteTestDB, makeBytes, makeTestDB } from '../testing/factories';
import type { StudioDB } from './database';
import {
	countPendingChanges,
	dismissRejection,
	getSyncStatus,
	watchBlobArrival
} from './sync.repository';

const rejection: SyncRejection = {
	mid: 7,
	name: 'image.patch',
	args: {},
	code: 'NOT_FOUND',
	message: 'gone',
	at: 1
};

describe('sync.repository', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('reads an idle status when the sync loop has not written one yet', async () => {
		expect(await getSyncStatus(sut)).toMatchObject({
			phase: 'idle',
			bootstrap: null,
			lastSyncedAt: null
		});
	});

	it('reads the status the sync loop wrote, filling fields an older loop left out', async () => {
		await sut.meta.put({ key: SYNC_STATUS_KEY, value: { phase: 'offline', lastSyncedAt: 5 } });

		expect(await getSyncStatus(sut)).toMatchObject({
			phase: 'offline',
			lastSyncedAt: 5,
			thumbnailsPending: 0
		});
	});

	it('counts outbox entries as changes waiting to be sent', async () => {
		await sut.outbox.bulkPut(
			[1, 2].map((mid) => ({
				mid,
				name: 'prompt.patch',
				args: {},
				createdAt: 0,
				attempts: 0,
				lastError: null
			}))
		);

		expect(await countPendingChanges(sut)).toBe(2);
	});

	it('removes a refused change when the person dismisses it', async () => {
		await sut.syncRejections.put(rejection);

		await dismissRejection(sut, rejection.mid);

		expect(await sut.syncRejections.count()).toBe(0);
	});

	it('tells a waiting image when its thumbnail is stored', async () => {
		const hash = 'e'.repeat(64);
		const answers: boolean[] = [];
		let wake: () => void = () => undefined;
		const subscription = watchBlobArrival(sut, [hash, '']).subscribe({
			next: (value) => {
				answers.push(value);
				wake();
			}
		});
		const nextAnswer = () => new Promise<void>((resolve) => (wake = resolve));

		await nextAnswer();
		await sut.blobs.put({
			sha256: hash,
			bytes: makeBytes(1),
			mime: 'image/webp',
			kind: 'thumb',
			uploaded: 1,
			lastAccessAt: 0,
			pinned: 0
		});
		if (answers.at(-1) !== true) await nextAnswer();
		subscription.unsubscribe();

		expect(answers).toEqual([false, true]);
	});
});
