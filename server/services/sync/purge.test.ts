import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';
import { latest, newPrompt, testDevice } from '../../testing/sync-kit';
import { purgeSync } from './purge.service';

const DAY = 86_400_000;

describe('sync purge', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	it('discards old Trash, deletes old tombstones, and resets a device whose cursor is older', async () => {
		const { caller } = await relay.signUp();
		const laptop = testDevice(caller);
		const [kept, trashed, discarded] = [newPrompt(), newPrompt(), newPrompt()];
		const collection = { id: uuidv7(), name: 'C' };
		await laptop.pushMany([
			{ name: 'prompt.create', args: kept },
			{ name: 'prompt.create', args: trashed },
			{ name: 'prompt.create', args: discarded },
			{ name: 'collection.create', args: collection }
		]);
		const stale = (await laptop.pullAll()).cursor;
		await laptop.pushMany([
			{ name: 'prompt.delete', args: { id: trashed.id } },
			{ name: 'prompt.discard', args: { id: discarded.id } }
		]);
		const fresh = (await laptop.pullAll()).cursor;

		// 40 days on: the Trash row is discarded, the old tombstone is still kept.
		const first = await purgeSync(relay.deps.db, {
			trashDays: 30,
			tombstoneDays: 90,
			now: Date.now() + 40 * DAY
		});
		expect(first).toEqual({ discarded: 1, deleted: 0 });
		const page = await laptop.pull(fresh);
		expect(page.reset === false && page.changes).toEqual([
			expect.objectContaining({ entity: 'prompt', id: trashed.id, deleted: true })
		]);

		// 200 days on: both tombstones are gone for good; older cursors must start over.
		expect(
			await purgeSync(relay.deps.db, {
				trashDays: 30,
				tombstoneDays: 90,
				now: Date.now() + 200 * DAY
			})
		).toEqual({ discarded: 0, deleted: 2 });
		expect(await laptop.pull(stale)).toMatchObject({ reset: true });
		const current = await laptop.pull((await laptop.pullAll()).cursor);
		expect(current).toMatchObject({ reset: false, changes: [] });
		const { changes } = await laptop.pullAll(0);
		expect([...latest(changes).keys()].sort()).toEqual(
			[`collection/${collection.id}`, `prompt/${kept.id}`].sort()
		);
	});

	it('leaves live rows and recent Trash alone', async () => {
		const { caller } = await relay.signUp();
		const device = testDevice(caller);
		const prompt = newPrompt();
		await device.pushMany([
			{ name: 'prompt.create', args: prompt },
			{ name: 'prompt.delete', args: { id: prompt.id } }
		]);
		const { cursor } = await device.pullAll();
		await purgeSync(relay.deps.db, { trashDays: 30, tombstoneDays: 90, now: Date.now() + DAY });
		expect(await device.pull(cursor)).toMatchObject({ reset: false, changes: [] });
	});
});
