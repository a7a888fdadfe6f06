import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from './database';
import { getImage, listImages, putImages } from './image.repository';
import { deleteTestDB, makeImage, makeTestDB } from '../testing/factories';

describe('image.repository', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('lists images newest first when they were stored in another order', async () => {
		await putImages(sut, [
			makeImage({ prompt: 'middle', createdAt: 2000 }),
			makeImage({ prompt: 'oldest', createdAt: 1000 }),
			makeImage({ prompt: 'newest', createdAt: 3000 })
		]);

		const prompts = (await listImages(sut)).map((image) => image.prompt);

		expect(prompts).toEqual(['newest', 'middle', 'oldest']);
	});

	it('leaves out tombstoned images when listing and reading', async () => {
		const kept = makeImage({ prompt: 'kept' });
		const deleted = makeImage({ prompt: 'deleted', deletedAt: 5000 });
		await putImages(sut, [kept, deleted]);

		expect((await listImages(sut)).map((image) => image.prompt)).toEqual(['kept']);
		expect(await getImage(sut, deleted.id)).toBeUndefined();
		expect((await getImage(sut, kept.id))?.prompt).toBe('kept');
	});

	it('limits the list when a limit is given', async () => {
		await putImages(
			sut,
			[1, 2, 3].map((n) => makeImage({ createdAt: n }))
		);

		expect(await listImages(sut, 2)).toHaveLength(2);
	});
});
