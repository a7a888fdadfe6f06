/**
 * Small per-user key/value settings and caches in the `meta` table (e.g. the model list for
 * offline use). Values must be structured-clonable; must not hold secrets.
 */
import type { StudioDB } from './database';
import { guardStorage } from './storage-errors';

/** The value stored under a key, or undefined. Callers validate the shape they expect. */
export async function getMeta(db: StudioDB, key: string): Promise<unknown> {
	return (await db.meta.get(key))?.value;
}

/**
 * Stores a value under a key, replacing any earlier one.
 * @throws {StorageFullError} when the device is out of space.
 */
export function setMeta(db: StudioDB, key: string, value: unknown): Promise<void> {
	return guardStorage(async () => {
		await db.meta.put({ key, value });
	});
}
