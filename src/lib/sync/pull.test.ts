import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from '../db/database';
import { mutateOne } from '../db/mutations/mutate';
import { deleteTestDB, makeImage, makePrompt, makeTestDB } from '../testing/factories';
import { FakeSyncRelay } from '../testing/fake-sync-relay';
import { applyChanges } from './apply-page';
import { getClientId } from './client-id';
import { pullAll } from './pull';
import { pushOutbox } from './push';
import { CURSOR_KEY, readNumber } from './sync-meta';

const snapshot = async (db: StudioDB) => ({
	prompts: await db.prompts.orderBy('id').toArray(),
	outbox: await db.outbox.toArray(),
	cursor: await readNumber(db, CURSOR_KEY)
});

describe('pullAll', () => {
	let db: StudioDB;
	let relay: FakeSyncRelay;
	let clientId: string;
	let sut: (limit?: number) => Promise<number>;
	beforeEach(async () => {
		db = makeTestDB();
		relay = new FakeSyncRelay();
		clientId = await getClientId(db);
		sut = (limit) => pullAll({ db, transport: relay, clientId, limit });
	});
	afterEach(() => deleteTestDB(db));

	it('stores every page of rows and tombstones and moves the cursor to the server seq', async () => {
		for (let i = 0; i < 5; i++)
			relay.write('prompt', `p${i}`, makePrompt({ id: `p${i}`, title: `t${i}` }));
		relay.write('prompt', 'p0', null);
		relay.write('collectionImage', 'c1:i1', { collectionId: 'c1', imageId: 'i1', addedAt: 1 });

		expect(await sut(2)).toBe(3);

		expect((await db.prompts.toArray()).map((p) => p.id).sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
		expect(await db.collectionImages.get(['c1', 'i1'])).toMatchObject({ addedAt: 1 });
		expect(await readNumber(db, CURSOR_KEY)).toBe(relay.seq);
		relay.write('collectionImage', 'c1:i1', null);
		await sut();
		expect(await db.collectionImages.count()).toBe(0);
	});

	it('changes nothing when the same page is applied twice', async () => {
		await mutateOne(db, 'prompt.create', { id: 'p1', title: 'Fox', text: 'a fox' });
		await pushOutbox({ db, transport: relay, clientId });
		await mutateOne(db, 'prompt.bumpUsage', { id: 'p1', by: 1 });
		relay.write('prompt', 'p2', makePrompt({ id: 'p2' }));
		const page = await relay.pull({ clientId, schemaVersion: 1, cursor: 0 });
		if (page.reset) throw new Error('unexpected reset');
		const input = { changes: page.changes, lastMid: page.lastMid, cursor: page.nextCursor };

		await applyChanges(db, input);
		const once = await snapshot(db);
		await applyChanges(db, input);

		expect(await snapshot(db)).toEqual(once);
		expect(once.prompts.find((p) => p.id === 'p1')?.usageCount).toBe(1);
	});

	it('shows server rows with pending changes on top, counting a pending usage bump once', async () => {
		await mutateOne(db, 'prompt.create', { id: 'p1', title: 'Fox', text: 'a fox' });
		await pushOutbox({ db, transport: relay, clientId });
		await sut();
		// Another device used it 4 times and renamed it; this device bumps once and edits the text, unsent.
		relay.write('prompt', 'p1', { ...relay.prompt('p1'), usageCount: 4, title: 'Red fox' });
		await mutateOne(db, 'prompt.bumpUsage', { id: 'p1', by: 1 });
		await mutateOne(db, 'prompt.patch', { id: 'p1', fields: { text: 'a red fox' } });

		await sut();
		await sut();

		expect(await db.prompts.get('p1')).toMatchObject({
			usageCount: 5,
			title: 'Red fox',
			text: 'a red fox'
		});
		expect((await db.outbox.toArray()).map((e) => e.name)).toEqual([
			'prompt.bumpUsage',
			'prompt.patch'
		]);
		await pushOutbox({ db, transport: relay, clientId });
		await sut();
		expect(await db.prompts.get('p1')).toMatchObject({ usageCount: 5, text: 'a red fox' });
		expect(await db.outbox.count()).toBe(0);
	});

	it('leaves rows, outbox and cursor untouched when storing a page fails', async () => {
		await mutateOne(db, 'prompt.create', { id: 'p1', title: 'Fox', text: 'a fox' });
		relay.write('prompt', 'p2', makePrompt({ id: 'p2' }));
		relay.write('image', 'i1', makeImage({ id: 'i1' }));
		const before = await snapshot(db);
		db.images.hook('creating', () => {
			throw new Error('disk said no');
		});

		await expect(sut()).rejects.toThrow('disk said no');

		expect(await snapshot(db)).toEqual(before);
	});

	it('keeps rows of unknown entities and rows it cannot read, and still moves on', async () => {
		relay.write('sticker', 's1', { id: 's1', shape: 'star' });
		relay.write('prompt', 'bad', { id: 'bad', title: 42 });

		await sut();

		expect(await db.unknownRows.get(['sticker', 's1'])).toMatchObject({ row: { shape: 'star' } });
		expect(await db.unknownRows.get(['prompt', 'bad'])).toMatchObject({ row: { title: 42 } });
		expect(await readNumber(db, CURSOR_KEY)).toBe(relay.seq);
	});

	it('starts over after a purge, keeping unsent changes', async () => {
		relay.write('prompt', 'p1', makePrompt({ id: 'p1' }));
		relay.write('prompt', 'gone', makePrompt({ id: 'gone' }));
		await sut();
		relay.write('prompt', 'gone', null);
		relay.write('prompt', 'p3', makePrompt({ id: 'p3' }));
		relay.purge();
		await mutateOne(db, 'prompt.create', { id: 'local', title: 'Mine', text: 'not sent yet' });
		await mutateOne(db, 'prompt.bumpUsage', { id: 'p1', by: 2 });

		const callsBefore = relay.calls.length;
		await sut(1);

		expect(relay.calls.slice(callsBefore).filter((c) => c === 'pull:0')).toHaveLength(1);
		expect((await db.prompts.toArray()).map((p) => p.id).sort()).toEqual(['local', 'p1', 'p3']);
		expect((await db.prompts.get('p1'))?.usageCount).toBe(2);
		expect((await db.outbox.toArray()).map((e) => e.name)).toEqual([
			'prompt.create',
			'prompt.bumpUsage'
		]);
	});

	it('keeps a job item that is further along on this device, and its next try time', async () => {
		const item = {
			id: 'it1',
			jobId: 'j1',
			index: 0,
			prompt: 'x',
			params: { aspectRatio: '1:1' as const },
			model: 'demo/sketch',
			createdAt: 1,
			updatedAt: 1,
			deletedAt: null
		};
		await db.jobItems.put({
			...item,
			sourceHashes: [],
			label: null,
			state: 'done',
			attempts: 1,
			nextAttemptAt: 99,
			error: null,
			imageIds: ['img'],
			requestId: null,
			submittedAt: 5,
			finishedAt: 6,
			round: 0
		});
		relay.write('jobItem', 'it1', { ...item, state: 'submitted' });
		relay.write('jobItem', 'it2', { ...item, id: 'it2', state: 'queued' });

		await sut();

		expect(await db.jobItems.get('it1')).toMatchObject({
			state: 'done',
			imageIds: ['img'],
			nextAttemptAt: 99
		});
		relay.write('jobItem', 'it1', { ...item, state: 'queued', round: 1 });
		await sut();
		expect(await db.jobItems.get('it1')).toMatchObject({
			state: 'queued',
			round: 1,
			nextAttemptAt: 99
		});
	});

	it('reports a first sync as done of total', async () => {
		for (let i = 0; i < 5; i++) relay.write('prompt', `p${i}`, makePrompt({ id: `p${i}` }));
		const progress: unknown[] = [];

		await pullAll({
			db,
			transport: relay,
			clientId,
			limit: 2,
			onBootstrap: (p) => void progress.push(p)
		});

		expect(progress).toEqual([
			{ done: 2, total: 5 },
			{ done: 4, total: 5 },
			{ done: 5, total: 5 },
			null
		]);
	});
});
