/**
 * This device's sync identity (SYNC §4.3): a UUIDv7 made once per browser profile and user
 * database, kept in `meta`. Jobs record it as their owner; pushes and pulls send it.
 */
import type { StudioDB } from '../db/database';
import { uuidv7 } from '../shared/ids';

/** The `meta` key of this database's client id. */
export const CLIENT_ID_KEY = 'clientId';

/** This database's client id, made (once, race-free across tabs) on first use. */
export function getClientId(db: StudioDB): Promise<string> {
	return db.transaction('rw', db.meta, async () => {
		const stored = (await db.meta.get(CLIENT_ID_KEY))?.value;
		if (typeof stored === 'string' && stored.length > 0) return stored;
		const id = uuidv7();
		await db.meta.put({ key: CLIENT_ID_KEY, value: id });
		return id;
	});
}
