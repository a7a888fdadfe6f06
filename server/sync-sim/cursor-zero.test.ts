/**
 * Found by the sync simulation (seed 15): a device that wrote and pushed but never pulled (cursor
 * 0) kept a trashed prompt forever after the purge deleted it, since a cursor of 0 never resets.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { StudioDB } from '../../src/lib/db/database';
import { mutate } from '../../src/lib/db/mutations/mutate';
import { getClientId } from '../../src/lib/sync/client-id';
import { pullAll } from '../../src/lib/sync/pull';
import { pushOutbox } from '../../src/lib/sync/push';
import type { SyncTransport } from '../../src/lib/sync/transport';
import { purgeSync } from '../services/sync/purge.service';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';

const DAY = 86_400_000;
const transportOf = (caller: Caller): SyncTransport => ({
	push: (input) => caller.sync.push(input),
	pull: (input) => caller.sync.pull(input),
	rows: (input) => caller.sync.rows(input),
	missingBlobs: (hashes) => caller.blobs.missing({ hashes }),
	uploadBlob: () => Promise.reject(new Error('not used')),
	fetchBlob: () => Promise.reject(new Error('not used'))
});

describe('pullAll from cursor 0', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	it('drops local rows the relay purged when the device never pulled before', async () => {
		const { caller, user } = await relay.signUp();
		const db = new StudioDB(`nbs-${user.id}`, { indexedDB: new IDBFactory(), IDBKeyRange });
		const sut = { db, transport: transportOf(caller), clientId: await getClientId(db) };
		const [kept, trashed] = [uuidv7(), uuidv7()];
		await mutate(db, [
			{ name: 'prompt.create', args: { id: kept, title: 'Kept', text: 'a fox' } },
			{ name: 'prompt.create', args: { id: trashed, title: 'Trashed', text: 'a cat' } },
			{ name: 'prompt.delete', args: { id: trashed } }
		]);
		await pushOutbox(sut);
		await purgeSync(relay.deps.db, {
			trashDays: 30,
			tombstoneDays: 90,
			now: Date.now() + 200 * DAY
		});
		await purgeSync(relay.deps.db, {
			trashDays: 30,
			tombstoneDays: 90,
			now: Date.now() + 400 * DAY
		});

		await pullAll(sut);

		expect((await db.prompts.toArray()).map((p) => p.id)).toEqual([kept]);
		expect(await db.outbox.count()).toBe(0);
		db.close();
	});
});
