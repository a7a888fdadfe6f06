/** The reads and the insert behind `image.import` (an image from disk becomes a gallery row). */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../client';
import { images } from '../../schema/index';

/** Who owns the row with this id, if any (ids are global: another user's id must not be taken over). */
export async function imageOwner(db: Db, id: string): Promise<string | undefined> {
	const [row] = await db
		.select({ userId: images.userId })
		.from(images)
		.where(eq(images.id, id))
		.limit(1);
	return row?.userId;
}

/** True when the user already has these bytes in the gallery or its Trash (not discarded). */
export async function hasImageWithBytes(db: Db, userId: string, sha256: string): Promise<boolean> {
	const rows = await db
		.select({ id: images.id })
		.from(images)
		.where(and(eq(images.userId, userId), eq(images.sha256, sha256), isNull(images.discardedAt)))
		.limit(1);
	return rows.length > 0;
}

/** Inserts the row; false, writing nothing, when the id exists (a resend). */
export async function insertImportedImage(
	db: Db,
	row: typeof images.$inferInsert
): Promise<boolean> {
	const rows = await db
		.insert(images)
		.values(row)
		.onConflictDoNothing()
		.returning({ id: images.id });
	return rows.length > 0;
}
