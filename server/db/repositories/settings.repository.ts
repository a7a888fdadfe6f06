/** System settings rows (key → JSON value). Values are validated by the settings service, not here. */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { settings } from '../schema/index';

export async function readSettingRows(db: Db): Promise<{ key: string; value: unknown }[]> {
	return db.select({ key: settings.key, value: settings.value }).from(settings);
}

/** Writes (upserts) and deletes settings in one transaction. */
export async function writeSettingRows(
	db: Db,
	change: { set: Record<string, unknown>; remove: string[]; actorId: string | null; now: number }
): Promise<void> {
	await db.transaction(async (tx) => {
		for (const [key, value] of Object.entries(change.set)) {
			await tx
				.insert(settings)
				.values({ key, value, updatedBy: change.actorId, updatedAt: change.now })
				.onConflictDoUpdate({
					target: settings.key,
					set: { value: sql`excluded.value`, updatedBy: change.actorId, updatedAt: change.now }
				});
		}
		if (change.remove.length) await tx.delete(settings).where(inArray(settings.key, change.remove));
	});
}
