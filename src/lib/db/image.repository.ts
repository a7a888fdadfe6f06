/**
 * Generated images on the device (rows of the synced `images` table). Rows point at their bytes
 * by hash (blob.repository.ts). A person's changes (favourite, rating, trash) are `image.*`
 * mutations; trashed rows (`deletedAt`) are listed only by the Trash, discarded ones nowhere.
 */
import type { ImageRow } from '../shared/schemas/rows';
import type { StudioDB } from './database';
import { live, type LiveResult } from './live';
import { mutate, mutateOne, type Mutation } from './mutations/mutate';
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

/** Images in the Trash (deleted, not yet discarded), most recently deleted first. */
export async function listTrashedImages(db: StudioDB): Promise<ImageRow[]> {
	const rows = await db.images.filter((image) => image.deletedAt !== null && image.discardedAt == null).toArray();
	return rows.sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0));
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
 * Stores image rows as the relay made them (insert or replace by id). Not for a person's
 * changes: those are the mutations below.
 * @throws {StorageFullError} when the device is out of space.
 */
export function putImages(db: StudioDB, rows: ImageRow[]): Promise<void> {
	return guardStorage(async () => {
		await db.images.bulkPut(rows);
	});
}

/**
 * Marks or unmarks an image as a favourite (`image.patch`). Returns false when nothing changed.
 * @throws {MutationError} when the image is unknown or in the trash.
 */
export async function setImageFavourite(db: StudioDB, id: string, favourite: boolean): Promise<boolean> {
	return (await mutateOne(db, 'image.patch', { id, fields: { favourite } })).mids.length > 0;
}

/**
 * Rates an image, 0 (unrated) to 5 stars (`image.patch`). Returns false when nothing changed.
 * @throws {MutationError} when the rating is out of range or the image unknown or in the trash.
 */
export async function setImageRating(db: StudioDB, id: string, rating: number): Promise<boolean> {
	return (await mutateOne(db, 'image.patch', { id, fields: { rating } })).mids.length > 0;
}

/** Moves images to the trash (`image.delete`, atomically); undo with {@link restoreImages}. Returns how many moved. */
export async function trashImages(db: StudioDB, ids: string[]): Promise<number> {
	return (await mutate(db, ids.map((id): Mutation => ({ name: 'image.delete', args: { id } })))).mids.length;
}

/** Takes images out of the trash (`image.restore`). Returns how many. */
export async function restoreImages(db: StudioDB, ids: string[]): Promise<number> {
	return (await mutate(db, ids.map((id): Mutation => ({ name: 'image.restore', args: { id } })))).mids.length;
}

/** Empties trashed images out of the trash for good (`image.discard`): hidden at once, dropped when the relay's tombstone arrives. */
export async function discardImages(db: StudioDB, ids: string[]): Promise<number> {
	return (await mutate(db, ids.map((id): Mutation => ({ name: 'image.discard', args: { id } })))).mids.length;
}
