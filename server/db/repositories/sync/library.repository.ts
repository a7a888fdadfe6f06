/** Collections and their membership rows, and the image ids a user owns (for authorisation). */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../client';
import { collectionImages, collections, images } from '../../schema/index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for ids the images table can hold (its ids are UUIDs); anything else is simply unknown. */
export const isUuid = (id: string): boolean => UUID.test(id);

/** Which of `ids` are images of this user (any state but discarded). */
export async function ownedImageIds(db: Db, userId: string, ids: string[]): Promise<Set<string>> {
	const candidates = ids.filter(isUuid).map((id) => id.toLowerCase());
	if (candidates.length === 0) return new Set();
	const rows = await db
		.select({ id: images.id })
		.from(images)
		.where(
			and(eq(images.userId, userId), inArray(images.id, candidates), isNull(images.discardedAt))
		);
	return new Set(rows.map((r) => r.id));
}

/** Inserts a collection; false, writing nothing, when the id exists. */
export async function insertCollection(
	db: Db,
	row: typeof collections.$inferInsert
): Promise<boolean> {
	const rows = await db
		.insert(collections)
		.values(row)
		.onConflictDoNothing()
		.returning({ id: collections.id });
	return rows.length > 0;
}

/** Adds images to a collection (reviving removed memberships); returns how many changed. */
export async function addMembers(
	db: Db,
	input: { userId: string; collectionId: string; imageIds: string[]; now: number }
): Promise<number> {
	if (input.imageIds.length === 0) return 0;
	const rows = await db
		.insert(collectionImages)
		.values(
			input.imageIds.map((imageId) => ({
				userId: input.userId,
				collectionId: input.collectionId,
				imageId,
				addedAt: input.now,
				deletedAt: null
			}))
		)
		.onConflictDoUpdate({
			target: [collectionImages.userId, collectionImages.collectionId, collectionImages.imageId],
			set: { deletedAt: null, addedAt: input.now },
			setWhere: sql`${collectionImages.deletedAt} is not null`
		})
		.returning({ imageId: collectionImages.imageId });
	return rows.length;
}

/** Removes memberships (tombstones: pulled as deleted); returns how many changed. */
export async function removeMembers(
	db: Db,
	input: { userId: string; collectionId: string; imageIds: string[]; now: number }
): Promise<number> {
	const rows = await db
		.update(collectionImages)
		.set({ deletedAt: input.now })
		.where(
			and(
				eq(collectionImages.userId, input.userId),
				eq(collectionImages.collectionId, input.collectionId),
				inArray(collectionImages.imageId, input.imageIds),
				isNull(collectionImages.deletedAt)
			)
		)
		.returning({ imageId: collectionImages.imageId });
	return rows.length;
}

/** Removes every membership of a discarded collection or image (devices drop them with it). */
export async function removeMembershipsOf(
	db: Db,
	input: { userId: string; collectionId?: string; imageId?: string; now: number }
): Promise<void> {
	const which =
		input.collectionId !== undefined
			? eq(collectionImages.collectionId, input.collectionId)
			: eq(collectionImages.imageId, input.imageId ?? '');
	await db
		.update(collectionImages)
		.set({ deletedAt: input.now })
		.where(
			and(eq(collectionImages.userId, input.userId), which, isNull(collectionImages.deletedAt))
		);
}
