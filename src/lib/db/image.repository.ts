/**
 * Generated images on the device (rows of the synced `images` table). Rows point at their bytes
 * by hash (blob.repository.ts). A person's changes (favourite, rating, trash) are `image.*`
 * mutations; trashed rows (`deletedAt`) are listed only by the Trash, discarded ones nowhere.
 */
import { Dexie, RangeSet, type ObservabilitySet } from 'dexie';
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
	// The deletedAt index holds only trashed rows (null is not a key), so this never scans the gallery.
	const rows = await db.images
		.where('deletedAt')
		.aboveOrEqual(0)
		.filter((image) => image.discardedAt == null)
		.toArray();
	return rows.sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0));
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
export async function setImageFavourite(
	db: StudioDB,
	id: string,
	favourite: boolean
): Promise<boolean> {
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
	return (
		await mutate(
			db,
			ids.map((id): Mutation => ({ name: 'image.delete', args: { id } }))
		)
	).mids.length;
}

/** Takes images out of the trash (`image.restore`). Returns how many. */
export async function restoreImages(db: StudioDB, ids: string[]): Promise<number> {
	return (
		await mutate(
			db,
			ids.map((id): Mutation => ({ name: 'image.restore', args: { id } }))
		)
	).mids.length;
}

/** Empties trashed images out of the trash for good (`image.discard`): hidden at once, dropped when the relay's tombstone arrives. */
export async function discardImages(db: StudioDB, ids: string[]): Promise<number> {
	return (
		await mutate(
			db,
			ids.map((id): Mutation => ({ name: 'image.discard', args: { id } }))
		)
	).mids.length;
}

/** Rows per read when scanning every image: small enough that no single read is a long task. */
const SCAN_PAGE = 500;

/**
 * Visits every image not in the trash, a page at a time in id order (each page one quick
 * IndexedDB read, so 50,000 rows never block the main thread in one piece).
 */
export async function forEachLiveImagePage(
	db: StudioDB,
	visit: (rows: ImageRow[]) => void,
	pageSize = SCAN_PAGE
): Promise<void> {
	let last: string | null = null;
	for (;;) {
		const query = last === null ? db.images.orderBy(':id') : db.images.where(':id').above(last);
		const page: ImageRow[] = await query.limit(pageSize).toArray();
		visit(page.filter((image) => image.deletedAt === null));
		if (page.length < pageSize) return;
		last = page[page.length - 1].id;
	}
}

/** The generation ids (item ids and retried request ids) of a batch, to find its images. */
export async function listGenerationIdsOfJob(db: StudioDB, jobId: string): Promise<string[]> {
	const items = await db.jobItems.where('jobId').equals(jobId).toArray();
	return items.flatMap((item) => (item.requestId ? [item.id, item.requestId] : [item.id]));
}

/** Batches (jobs of more than one prompt or image) newest first, for the batch filter. */
export async function listBatches(
	db: StudioDB,
	limit = 200
): Promise<Array<{ id: string; name: string; createdAt: number }>> {
	const jobs = await db.jobs
		.orderBy('createdAt')
		.reverse()
		.filter((job) => job.kind !== 'single' && job.deletedAt === null)
		.limit(limit)
		.toArray();
	return jobs.map((job) => ({ id: job.id, name: job.name, createdAt: job.createdAt }));
}

/** {@link listBatches} as a live query. */
export function watchBatches(
	db: StudioDB
): LiveResult<Array<{ id: string; name: string; createdAt: number }>> {
	return live(() => listBatches(db));
}

/** Models that made at least one image on this device (keys of the model index, no rows read). */
export async function listImageModels(db: StudioDB): Promise<string[]> {
	return (await db.images.orderBy('model').uniqueKeys()).map(String);
}

/** {@link listImageModels} as a live query. */
export function watchImageModels(db: StudioDB): LiveResult<string[]> {
	return live(() => listImageModels(db));
}

/** {@link listTrashedImages} as a live query. */
export function watchTrashedImages(db: StudioDB): LiveResult<ImageRow[]> {
	return live(() => listTrashedImages(db));
}

/**
 * Marks stored originals as kept offline (`pinned`, never evicted by "Free up space") or not.
 * Device-local bookkeeping of the blob cache, not a synced change. Returns how many changed.
 */
export function setBlobsPinned(db: StudioDB, sha256s: string[], pinned: boolean): Promise<number> {
	return guardStorage(() =>
		db.transaction('rw', db.blobs, async () => {
			const records = await db.blobs.bulkGet(sha256s);
			const changed = records
				.filter((record) => record && record.pinned !== (pinned ? 1 : 0))
				.map((record) => record!.sha256);
			await Promise.all(
				changed.map((sha256) => db.blobs.update(sha256, { pinned: pinned ? 1 : 0 }))
			);
			return changed.length;
		})
	);
}

/** Image rows by id (missing ones left out), for refreshing a few entries after a change. */
export async function getImageRows(db: StudioDB, ids: string[]): Promise<ImageRow[]> {
	return (await db.images.bulkGet(ids)).filter((row): row is ImageRow => row !== undefined);
}

/**
 * Calls `listener` with the ids of image rows written or deleted (in this tab, another tab or
 * the worker: Dexie's storagemutated event), or null when a change cannot be told apart by id
 * (e.g. a cleared table) and everything should be read again. Returns the unsubscribe.
 */
export function onImagesChanged(
	db: StudioDB,
	listener: (ids: string[] | null) => void
): () => void {
	const prefix = `idb://${db.name}/images/`;
	const handler = (parts: ObservabilitySet) => {
		const trees = [parts[prefix], parts[`${prefix}:dels`]].filter((tree) => tree !== undefined);
		if (trees.length === 0) return;
		const ids: string[] = [];
		for (const tree of trees) {
			for (const node of RangeSet(tree)) {
				if (typeof node.from !== 'string' || node.from !== node.to) return listener(null);
				ids.push(node.from);
			}
		}
		if (ids.length > 0) listener(ids);
	};
	Dexie.on('storagemutated', handler);
	return () => Dexie.on.storagemutated.unsubscribe(handler);
}
