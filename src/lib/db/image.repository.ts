/**
 * Generated images on the device (rows of the synced `images` table). Rows point at their bytes
 * by hash (blob.repository.ts). Deleted rows are tombstones (`deletedAt`) and are never listed.
 */
import type { ImageRow } from '../shared/schemas/rows';
import type { StudioDB } from './database';
import { live, type LiveResult } from './live';
import { guardStorage } from './storage-errors';

/** Live images not deleted, newest first (by `createdAt`). */
export function listImages(db: StudioDB, limit = Infinity): Promise<ImageRow[]> {
	return db.images
		.orderBy('createdAt')
		.reverse()
		.filter((image) => image.deletedAt === null)
		.limit(limit)
		.toArray();
}

/** {@link listImages} as a live query. */
export function watchImages(db: StudioDB, limit = Infinity): LiveResult<ImageRow[]> {
	return live(() => listImages(db, limit));
}

/** One image by id, or undefined when unknown or deleted. */
export async function getImage(db: StudioDB, id: string): Promise<ImageRow | undefined> {
	const image = await db.images.get(id);
	return image && image.deletedAt === null ? image : undefined;
}

/** {@link getImage} as a live query (undefined while missing). */
export function watchImage(db: StudioDB, id: string): LiveResult<ImageRow | undefined> {
	return live(() => getImage(db, id));
}

/** Images made by the given generations (job items), in output order. */
export function listImagesOfGenerations(db: StudioDB, generationIds: string[]): Promise<ImageRow[]> {
	return db.images.where('generationId').anyOf(generationIds).sortBy('outputIndex');
}

/**
 * Stores image rows (insert or replace by id).
 * @throws {StorageFullError} when the device is out of space.
 */
export function putImages(db: StudioDB, rows: ImageRow[]): Promise<void> {
	return guardStorage(async () => {
		await db.images.bulkPut(rows);
	});
}
