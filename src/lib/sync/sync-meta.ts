/**
 * The sync bookkeeping kept in Dexie `meta` (SYNC §4.3): the pull cursor, the highest mid the
 * relay acknowledged, and the "re-apply the outbox after this reset" flag. Must not write rows.
 */
import type { StudioDB } from '../db/database';

/** The seq up to which this device stored every change (written with the rows). */
export const CURSOR_KEY = 'cursor';
/** The highest mid the relay applied or rejected for this client. */
export const LAST_ACKED_MID_KEY = 'lastAckedMid';
/** Set while a reset pulls from 0: the last page re-applies the whole outbox. */
export const RESET_REBASE_KEY = 'resetRebasePending';

/** A numeric meta value, 0 when absent or not a number. */
export async function readNumber(db: StudioDB, key: string): Promise<number> {
	const value = (await db.meta.get(key))?.value;
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
