import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteTestDB, makeImage, makeTestDB } from '../../testing/factories';
import type { StudioDB } from '../database';
import {
	discardImages,
	getImage,
	listImages,
	listTrashedImages,
	restoreImages,
	setImageFavourite,
	setImageRating,
	trashImages
} from '../image.repository';
import { mutate, mutateOne, mutationTargets } from './mutate';
import { listOutbox } from './outbox';

describe('image mutations', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('records a favourite and a rating as field patches, and nothing when unchanged', async () => {
		const image = makeImage();
		await sut.images.add(image);

		expect(await setImageFavourite(sut, image.id, true)).toBe(true);
		expect(await setImageFavourite(sut, image.id, true)).toBe(false);
		expect(await setImageRating(sut, image.id, 4)).toBe(true);

		expect(await sut.images.get(image.id)).toMatchObject({ favourite: true, rating: 4 });
		expect((await listOutbox(sut)).map((entry) => entry.args)).toEqual([
			{ id: image.id, fields: { favourite: true } },
			{ id: image.id, fields: { rating: 4 } }
		]);
		await expect(setImageRating(sut, image.id, 6)).rejects.toMatchObject({ code: 'INVALID' });
	});

	it('lets delete win until restore, and hides a discarded image everywhere', async () => {
		const image = makeImage();
		await sut.images.add(image);

		expect(await trashImages(sut, [image.id])).toBe(1);
		expect(await listImages(sut)).toEqual([]);
		expect((await listTrashedImages(sut)).map((row) => row.id)).toEqual([image.id]);
		await expect(setImageFavourite(sut, image.id, true)).rejects.toMatchObject({ code: 'DELETED' });

		expect(await restoreImages(sut, [image.id])).toBe(1);
		expect(await getImage(sut, image.id)).toBeDefined();

		await trashImages(sut, [image.id]);
		expect(await discardImages(sut, [image.id])).toBe(1);
		expect(await listTrashedImages(sut)).toEqual([]);
		expect(await getImage(sut, image.id)).toBeUndefined();
		// The row stays until the relay's tombstone arrives; a discard of a live image does nothing.
		expect(await sut.images.get(image.id)).toMatchObject({ discardedAt: expect.any(Number) });
	});

	it('refuses a patch of an image not on this device', async () => {
		await expect(setImageFavourite(sut, 'nope', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await sut.outbox.count()).toBe(0);
	});
});

describe('collection mutations', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('creates and renames a collection; creating an existing id renames it', async () => {
		await mutateOne(sut, 'collection.create', { id: 'c1', name: ' Cats ' }, 1000);
		await mutateOne(sut, 'collection.create', { id: 'c1', name: 'Cats!' }, 2000);
		expect(
			(await mutateOne(sut, 'collection.patch', { id: 'c1', fields: { name: 'Cats!' } })).mids
		).toEqual([]);

		expect(await sut.collections.get('c1')).toMatchObject({
			name: 'Cats!',
			createdAt: 1000,
			updatedAt: 2000,
			deletedAt: null
		});
	});

	it('treats members as a set: adding twice or removing an absent image records nothing', async () => {
		const [a, b] = [makeImage(), makeImage()];
		await sut.images.bulkAdd([a, b]);
		await mutateOne(sut, 'collection.create', { id: 'c1', name: 'Cats' });

		await mutateOne(sut, 'collection.add', { id: 'c1', imageIds: [a.id, a.id, 'not-here'] });
		await mutateOne(sut, 'collection.add', { id: 'c1', imageIds: [a.id, b.id] });
		await mutateOne(sut, 'collection.remove', { id: 'c1', imageIds: [a.id] });
		const noOp = await mutateOne(sut, 'collection.remove', { id: 'c1', imageIds: [a.id] });

		expect(noOp.mids).toEqual([]);
		expect((await sut.collectionImages.toArray()).map((row) => row.imageId)).toEqual([b.id]);
		expect((await listOutbox(sut)).slice(1).map((entry) => [entry.name, entry.args])).toEqual([
			['collection.add', { id: 'c1', imageIds: [a.id] }],
			['collection.add', { id: 'c1', imageIds: [b.id] }],
			['collection.remove', { id: 'c1', imageIds: [a.id] }]
		]);
	});

	it('refuses membership changes and renames of a trashed collection until it is restored', async () => {
		const image = makeImage();
		await sut.images.add(image);
		await mutate(sut, [
			{ name: 'collection.create', args: { id: 'c1', name: 'Cats' } },
			{ name: 'collection.delete', args: { id: 'c1' } }
		]);

		await expect(
			mutateOne(sut, 'collection.add', { id: 'c1', imageIds: [image.id] })
		).rejects.toMatchObject({ code: 'DELETED' });
		await expect(
			mutateOne(sut, 'collection.patch', { id: 'c1', fields: { name: 'Dogs' } })
		).rejects.toMatchObject({ code: 'DELETED' });

		await mutateOne(sut, 'collection.restore', { id: 'c1' });
		await mutateOne(sut, 'collection.add', { id: 'c1', imageIds: [image.id] });
		expect(await sut.collectionImages.count()).toBe(1);
	});

	it('hides a discarded collection until its tombstone arrives', async () => {
		await mutate(sut, [
			{ name: 'collection.create', args: { id: 'c1', name: 'Cats' } },
			{ name: 'collection.delete', args: { id: 'c1' } }
		]);
		await mutateOne(sut, 'collection.discard', { id: 'c1' }, 7000);

		expect(await sut.collections.get('c1')).toMatchObject({ discardedAt: 7000 });
	});
});

describe('mutationTargets', () => {
	it('names the rows each library mutation touches', () => {
		expect(mutationTargets('prompt.patch', { id: 'p1', fields: { title: 'x' } })).toEqual([
			{ entity: 'prompt', id: 'p1' }
		]);
		expect(mutationTargets('tag.add', { promptId: 'p1', tag: 'x' })).toEqual([
			{ entity: 'prompt', id: 'p1' }
		]);
		expect(mutationTargets('prompt.bumpUsage', { id: 'p1', by: 1 })).toEqual([
			{ entity: 'prompt', id: 'p1' }
		]);
		expect(mutationTargets('image.patch', { id: 'i1', fields: { rating: 2 } })).toEqual([
			{ entity: 'image', id: 'i1' }
		]);
		for (const name of ['image.delete', 'image.restore', 'image.discard'] as const)
			expect(mutationTargets(name, { id: 'i1' })).toEqual([{ entity: 'image', id: 'i1' }]);
		expect(mutationTargets('collection.delete', { id: 'c1' })).toEqual([
			{ entity: 'collection', id: 'c1' }
		]);
		expect(mutationTargets('collection.add', { id: 'c1', imageIds: ['i1', 'i2'] })).toEqual([
			{ entity: 'collectionImage', id: 'c1:i1' },
			{ entity: 'collectionImage', id: 'c1:i2' }
		]);
	});

	it('names nothing for an unknown mutation or arguments that do not parse', () => {
		expect(mutationTargets('prompt.explode', { id: 'p1' })).toEqual([]);
		expect(mutationTargets('image.patch', { id: 'i1', fields: {} })).toEqual([]);
	});
});
