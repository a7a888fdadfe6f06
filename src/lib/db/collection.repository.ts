/**
 * Collections of images on the device: reads, and a person's changes as `collection.*` named
 * mutations (create, rename, trash, membership in bulk) so they sync like the library's.
 */
import { MAX_MEMBERSHIP_BATCH } from '../shared/mutations/library.args';
import { uuidv7 } from '../shared/ids';
import type { CollectionRow } from '../shared/schemas/rows';
import type { StudioDB } from './database';
import { live, type LiveResult } from './live';
import { mutate, mutateOne, type Mutation } from './mutations/mutate';

export interface CollectionSummary {
	id: string;
	name: string;
	count: number;
	updatedAt: number;
}

/** Collections not in the trash, by name, with how many images each holds. */
export async function listCollections(db: StudioDB): Promise<CollectionSummary[]> {
	const rows = await db.collections
		.filter((row: CollectionRow) => row.deletedAt === null)
		.toArray();
	const counts = await Promise.all(
		rows.map((row) => db.collectionImages.where('collectionId').equals(row.id).count())
	);
	return rows
		.map((row, i) => ({ id: row.id, name: row.name, count: counts[i], updatedAt: row.updatedAt }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** {@link listCollections} as a live query. */
export function watchCollections(db: StudioDB): LiveResult<CollectionSummary[]> {
	return live(() => listCollections(db));
}

/** Ids of the images in a collection (none for an unknown one). */
export async function listCollectionImageIds(
	db: StudioDB,
	collectionId: string
): Promise<string[]> {
	return (await db.collectionImages.where('collectionId').equals(collectionId).toArray()).map(
		(row) => row.imageId
	);
}

/**
 * Creates a collection (`collection.create`) and returns its id.
 * @throws {MutationError} INVALID when the name is empty or too long.
 */
export async function createCollection(
	db: StudioDB,
	name: string,
	now: number = Date.now()
): Promise<string> {
	const id = uuidv7(now);
	await mutateOne(db, 'collection.create', { id, name });
	return id;
}

/** Renames a collection (`collection.patch`). @throws {MutationError} when the name is bad or the collection gone. */
export async function renameCollection(db: StudioDB, id: string, name: string): Promise<void> {
	await mutateOne(db, 'collection.patch', { id, fields: { name } });
}

/** Deletes a collection (`collection.delete`); its images stay in the gallery. */
export async function deleteCollection(db: StudioDB, id: string): Promise<void> {
	await mutateOne(db, 'collection.delete', { id });
}

/** One mutation per batch of members, all in one transaction (all or nothing). */
function membership(
	name: 'collection.add' | 'collection.remove',
	id: string,
	imageIds: string[]
): Mutation[] {
	const mutations: Mutation[] = [];
	for (let i = 0; i < imageIds.length; i += MAX_MEMBERSHIP_BATCH) {
		mutations.push({ name, args: { id, imageIds: imageIds.slice(i, i + MAX_MEMBERSHIP_BATCH) } });
	}
	return mutations;
}

/** Adds images to a collection (`collection.add`); members already in it are skipped. */
export async function addToCollection(db: StudioDB, id: string, imageIds: string[]): Promise<void> {
	if (imageIds.length > 0) await mutate(db, membership('collection.add', id, imageIds));
}

/** Removes images from a collection (`collection.remove`). */
export async function removeFromCollection(
	db: StudioDB,
	id: string,
	imageIds: string[]
): Promise<void> {
	if (imageIds.length > 0) await mutate(db, membership('collection.remove', id, imageIds));
}
