import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { StudioDB } from './database';

describe('upgradeToV2', () => {
	it('moves the v1 prompt history into recents and empties the library', async () => {
		const name = `nbs-upgrade-${Math.random()}`;
		const v1 = new Dexie(name);
		v1.version(1).stores({
			prompts: 'id, updatedAt, createdAt, usageCount, category, *tags, favourite, deletedAt',
			images: 'id, createdAt, generationId, model, favourite, deletedAt, sha256',
			blobs: 'sha256, kind, uploaded, lastAccessAt',
			jobs: 'id, state, order, createdAt',
			jobItems: 'id, jobId, state, [jobId+index], nextAttemptAt',
			outbox: 'mid',
			meta: 'key'
		});
		const base = {
			title: 't',
			negativePrompt: '',
			category: '',
			tags: [],
			favourite: false,
			createdAt: 1,
			deletedAt: null
		};
		await v1.table('prompts').bulkAdd([
			{
				...base,
				id: 'a',
				text: 'a cat',
				usageCount: 3,
				model: 'demo/sketch',
				params: { aspectRatio: '1:1' },
				updatedAt: 100
			},
			{ ...base, id: 'b', text: 'a dog', usageCount: 1, model: null, params: null, updatedAt: 200 }
		]);
		v1.close();

		const sut = new StudioDB(name);
		expect(await sut.prompts.count()).toBe(0);
		expect(await sut.recents.orderBy('usedAt').toArray()).toEqual([
			{ text: 'a cat', model: 'demo/sketch', params: { aspectRatio: '1:1' }, usedAt: 100, uses: 3 },
			{ text: 'a dog', model: '', params: {}, usedAt: 200, uses: 1 }
		]);
		sut.close();
		await sut.delete();
	});
});
