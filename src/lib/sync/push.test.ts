import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from '../db/database';
import { mutate, mutateOne } from '../db/mutations/mutate';
import { sha256Hex } from '../shared/hash';
import { deleteTestDB, makeBytes, makeTestDB } from '../testing/factories';
import { relayError } from '../testing/fake-relay';
import { FakeSyncRelay } from '../testing/fake-sync-relay';
import { getClientId } from './client-id';
import { pullAll } from './pull';
import { pushOutbox } from './push';
import { LAST_ACKED_MID_KEY, readNumber } from './sync-meta';

const create = (id: string) => ({
	name: 'prompt.create' as const,
	args: { id, title: `T ${id}`, text: `text ${id}` }
});

describe('pushOutbox', () => {
	let db: StudioDB;
	let relay: FakeSyncRelay;
	let clientId: string;
	let sut: (maxMutations?: number) => Promise<number>;
	beforeEach(async () => {
		db = makeTestDB();
		relay = new FakeSyncRelay();
		clientId = await getClientId(db);
		sut = (maxMutations) => pushOutbox({ db, transport: relay, clientId, maxMutations });
	});
	afterEach(() => deleteTestDB(db));

	it('sends the outbox in mid order in chunks and records the acknowledged mid', async () => {
		await mutate(db, ['p1', 'p2', 'p3', 'p4', 'p5'].map(create));

		expect(await sut(2)).toBe(5);

		expect(relay.calls).toEqual(['push:1-2', 'push:3-4', 'push:5-5']);
		expect(await readNumber(db, LAST_ACKED_MID_KEY)).toBe(5);
		expect(relay.prompt('p5')).toMatchObject({ title: 'T p5' });
		expect(await sut(2)).toBe(0);
	});

	it('resends from the relay’s last mid when it answers with a gap', async () => {
		await mutate(db, ['p1', 'p2', 'p3'].map(create));
		await sut();
		relay.lastMids.set(clientId, 1); // the relay was restored from a backup taken after mid 1
		await mutateOne(db, 'prompt.create', create('p4').args);

		await sut();

		expect(relay.calls.slice(1)).toEqual(['push:4-4', 'push:2-4']);
		expect(relay.lastMids.get(clientId)).toBe(4);
		expect(await readNumber(db, LAST_ACKED_MID_KEY)).toBe(4);
	});

	it('stores a refused mutation with its reason and puts the relay’s row back', async () => {
		await mutate(db, [create('p1'), create('p2')]);
		await sut();
		await pullAll({ db, transport: relay, clientId });
		relay.rejectIf = (name, args) =>
			(name === 'prompt.create' && args.id === 'p3') || name === 'prompt.patch' ? 'INVALID' : null;
		await mutate(db, [
			create('p3'),
			{ name: 'prompt.patch', args: { id: 'p1', fields: { title: 'Renamed' } } }
		]);

		await sut();

		expect(await db.syncRejections.toArray()).toEqual([
			expect.objectContaining({
				mid: 3,
				name: 'prompt.create',
				code: 'INVALID',
				args: expect.objectContaining({ id: 'p3' })
			}),
			expect.objectContaining({ mid: 4, name: 'prompt.patch', code: 'INVALID' })
		]);
		expect(await db.prompts.get('p3')).toBeUndefined();
		expect(await db.prompts.get('p1')).toMatchObject({ title: 'T p1' });
		expect(await db.outbox.count()).toBe(0);
	});

	it('uploads the source images a new job points at before sending it', async () => {
		const bytes = makeBytes(7);
		const sha256 = await sha256Hex(bytes);
		await db.blobs.put({
			sha256,
			bytes,
			mime: 'image/png',
			kind: 'original',
			uploaded: 0,
			lastAccessAt: 0,
			pinned: 0
		});
		// job.create is recorded by the queue's mutations; written here as the outbox holds it.
		await db.outbox.put({
			mid: 1,
			name: 'job.create',
			args: { id: 'j1', items: [{ id: 'i1', sourceHashes: [sha256] }] },
			createdAt: 0,
			attempts: 0,
			lastError: null
		});
		relay.rejectIf = () => 'UNKNOWN_MUTATION';

		await sut();

		expect(relay.calls.slice(0, 2)).toEqual([`upload:${sha256}`, 'push:1-1']);
		expect(await db.blobs.get(sha256)).toMatchObject({ uploaded: 1 });
	});

	it('sends nothing and keeps the outbox when the relay refuses this app version', async () => {
		await mutate(db, [create('p1')]);
		relay.failNext = [() => relayError('CLIENT_TOO_OLD')];

		await expect(sut()).rejects.toMatchObject({ data: { errorCode: 'CLIENT_TOO_OLD' } });

		expect(await db.outbox.count()).toBe(1);
		expect(await readNumber(db, LAST_ACKED_MID_KEY)).toBe(0);
	});
});
