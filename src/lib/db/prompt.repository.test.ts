import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from './database';
import { mutateOne } from './mutations/mutate';
import { listOutbox } from './mutations/outbox';
import {
	createPrompts,
	listRecentPrompts,
	recordPromptUse,
	watchPrompts,
	type PromptsUpdate
} from './prompt.repository';
import { deleteTestDB, makeTestDB } from '../testing/factories';

describe('prompt.repository', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	const params = { aspectRatio: '1:1' as const };

	it('keeps one history record per text and counts its uses', async () => {
		await recordPromptUse(sut, { text: 'a banana ', model: 'demo/sketch', params }, 1000);
		await recordPromptUse(sut, { text: 'a banana', model: 'demo/fast', params, by: 3 }, 2000);

		expect(await listRecentPrompts(sut)).toEqual([
			{ text: 'a banana', model: 'demo/fast', params, usedAt: 2000, uses: 4 }
		]);
		expect(await sut.prompts.count()).toBe(0);
	});

	it('lists the most recently used prompts first', async () => {
		await recordPromptUse(sut, { text: 'old', model: 'm', params }, 1000);
		await recordPromptUse(sut, { text: 'new', model: 'm', params }, 3000);
		await recordPromptUse(sut, { text: 'mid', model: 'm', params }, 2000);

		expect((await listRecentPrompts(sut, 2)).map((p) => p.text)).toEqual(['new', 'mid']);
	});

	it('bumps the usage count of the library prompt with that text through prompt.bumpUsage', async () => {
		const [id] = await createPrompts(sut, [{ title: 'Banana', text: 'a banana' }], 1000);

		expect(await recordPromptUse(sut, { text: ' a banana', model: 'm', params, by: 2 }, 5000)).toBe(
			id
		);

		expect(await sut.prompts.get(id)).toMatchObject({ usageCount: 2, lastUsedAt: 5000 });
		expect((await listOutbox(sut)).map((e) => [e.name, e.args])).toEqual([
			['prompt.create', expect.objectContaining({ id })],
			['prompt.bumpUsage', { id, by: 2 }]
		]);
	});

	it('does not count a use for a prompt in the trash', async () => {
		const [id] = await createPrompts(sut, [{ title: 'Banana', text: 'a banana' }], 1000);
		await mutateOne(sut, 'prompt.delete', { id });

		expect(await recordPromptUse(sut, { text: 'a banana', model: 'm', params })).toBeNull();
		expect((await sut.prompts.get(id))?.usageCount).toBe(0);
	});

	it('watches the prompts: everything first, then only the rows a write touched', async () => {
		const [first] = await createPrompts(sut, [{ title: 'One', text: 'one' }]);
		const updates: PromptsUpdate[] = [];
		const stop = watchPrompts(
			sut,
			(update) => updates.push(update),
			(error) => {
				throw error;
			}
		);
		await expect.poll(() => updates.length).toBe(1);
		expect(updates[0]).toMatchObject({ kind: 'all', rows: [{ id: first }] });

		await mutateOne(sut, 'tag.add', { promptId: first, tag: 'x' });
		await expect.poll(() => updates.length).toBe(2);
		expect(updates[1]).toMatchObject({
			kind: 'changed',
			rows: [{ id: first, tags: ['x'] }],
			removedIds: []
		});
		stop();
	});
});
