import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from './database';
import { listRecentPrompts, recordPromptUse } from './prompt.repository';
import { deleteTestDB, makeTestDB } from '../testing/factories';

describe('prompt.repository', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('bumps the existing prompt instead of adding a copy when the same text is used again', async () => {
		const use = { text: 'a banana ', model: 'demo/sketch', params: { aspectRatio: '1:1' as const } };
		const first = await recordPromptUse(sut, use, 1000);
		const second = await recordPromptUse(sut, { ...use, by: 3 }, 2000);

		expect(second).toBe(first);
		expect(await sut.prompts.get(first)).toMatchObject({ text: 'a banana', usageCount: 4, updatedAt: 2000 });
	});

	it('lists the most recently used prompts first', async () => {
		const params = { aspectRatio: '1:1' as const };
		await recordPromptUse(sut, { text: 'old', model: 'm', params }, 1000);
		await recordPromptUse(sut, { text: 'new', model: 'm', params }, 3000);
		await recordPromptUse(sut, { text: 'mid', model: 'm', params }, 2000);

		expect((await listRecentPrompts(sut, 2)).map((p) => p.text)).toEqual(['new', 'mid']);
	});
});
