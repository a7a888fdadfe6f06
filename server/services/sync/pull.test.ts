import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uuidv7 } from '#shared/ids';
import { startTestRelay, type Caller, type TestRelay } from '../../testing/test-relay';
import { latest, newPrompt, testDevice, type TestDevice } from '../../testing/sync-kit';

describe('sync.pull', () => {
	let relay: TestRelay;
	let device: TestDevice;
	let owner: Caller;
	let expected: Map<string, unknown>;
	beforeAll(async () => {
		relay = await startTestRelay();
		const { caller } = await relay.signUp();
		owner = caller;
		device = testDevice(caller);
		// A mixed history: creates, patches, trash, discards, tags, collections, a batch.
		const prompts = Array.from({ length: 12 }, (_, i) =>
			newPrompt({ title: `P${i}`, tags: i % 3 ? ['x'] : [] })
		);
		await device.pushMany(prompts.map((p) => ({ name: 'prompt.create', args: p })));
		await device.pushMany([
			{ name: 'prompt.patch', args: { id: prompts[0].id, fields: { title: 'P0 again' } } },
			{ name: 'prompt.delete', args: { id: prompts[1].id } },
			{ name: 'prompt.discard', args: { id: prompts[2].id } },
			{ name: 'tag.add', args: { promptId: prompts[3].id, tag: 'late' } },
			{ name: 'collection.create', args: { id: uuidv7(), name: 'C' } },
			{
				name: 'job.create',
				args: {
					id: uuidv7(),
					name: 'J',
					model: 'demo/sketch',
					params: { aspectRatio: '1:1' },
					concurrency: 1,
					kind: 'single',
					order: 0,
					createdAt: 1,
					items: [{ id: uuidv7(), index: 0, prompt: 'p' }]
				}
			}
		]);
		expected = new Map(
			[...latest((await device.pullAll(0, 2000)).changes)].map(([k, c]) => [k, c])
		);
	});
	afterAll(() => relay.close());

	it('sends every row once, in seq order, whatever the page size', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 7 }), async (limit) => {
				const { changes, cursor } = await device.pullAll(0, limit);
				const seqs = changes.map((c) => c.seq);
				expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
				expect(new Set(changes.map((c) => `${c.entity}/${c.id}`)).size).toBe(changes.length);
				expect(new Map([...latest(changes)])).toEqual(expected);
				const whole = await device.pull(0, 2000);
				expect(cursor).toBe(whole.reset ? -1 : whole.nextCursor);
			}),
			{ numRuns: 8 }
		);
	});

	it('answers with an empty page, the same cursor and the balance when nothing changed', async () => {
		const { cursor } = await device.pullAll();
		const sut = await device.pull(cursor);
		expect(sut).toMatchObject({
			reset: false,
			changes: [],
			nextCursor: cursor,
			hasMore: false,
			credits: 100,
			lastMid: 18
		});
	});

	it('counts the rows after the cursor when asked', async () => {
		const { caller: fresh } = await relay.signUp();
		const sut = await fresh.sync.pull({
			clientId: uuidv7(),
			schemaVersion: 1,
			cursor: 0,
			withTotal: true
		});
		expect(sut).toMatchObject({ reset: false, remaining: 0, lastMid: 0 });
		const all = await device.pull(0, 3);
		expect(all.reset === false && all.hasMore).toBe(true);
	});

	it('sends discarded prompts as tombstones and trashed ones as rows', () => {
		const values = [...expected.values()] as {
			entity: string;
			deleted?: true;
			row?: { deletedAt: number | null };
		}[];
		expect(values.filter((c) => c.entity === 'prompt' && c.deleted)).toHaveLength(1);
		expect(values.filter((c) => c.entity === 'prompt' && c.row?.deletedAt)).toHaveLength(1);
	});

	it('repairs rows by id, with seq-0 tombstones for ids the user has none of', async () => {
		const some = [...expected.values()].find(
			(c) => (c as { entity: string }).entity === 'prompt' && 'row' in (c as object)
		) as { id: string };
		const { caller: stranger } = await relay.signUp();
		const { changes: rows } = await owner.sync.rows({
			clientId: '00000000-0000-7000-8000-000000000001',
			schemaVersion: 1,
			refs: [
				{ entity: 'prompt', id: some.id },
				{ entity: 'prompt', id: 'missing' }
			]
		});
		expect(rows[0]).toMatchObject({ entity: 'prompt', id: some.id, row: { id: some.id } });
		expect(rows[1]).toEqual({ entity: 'prompt', id: 'missing', seq: 0, deleted: true });
		expect(
			(
				await stranger.sync.rows({
					clientId: '00000000-0000-7000-8000-000000000001',
					schemaVersion: 1,
					refs: [{ entity: 'prompt', id: some.id }]
				})
			).changes
		).toEqual([{ entity: 'prompt', id: some.id, seq: 0, deleted: true }]);
	});
});
