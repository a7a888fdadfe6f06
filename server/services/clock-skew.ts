/**
 * The relay's clock against the database's. Leases, queue deadlines and rate-limit windows are
 * computed from the relay's clock and compared by other relays, so two relays whose clocks differ
 * by more than a lease's slack would refund each other's live generations (RELIABILITY §7.2 F17).
 * The relay cannot fix a clock; it measures the difference, says it on /readyz and in the log.
 */
import type { Db } from '../db/client';
import { databaseNow } from '../db/database-clock';

/** Beyond this, the operator is told (a lease has 30 s of slack; NTP keeps clocks within ms). */
export const CLOCK_SKEW_WARN_MS = 5_000;

/** The relay's clock minus the database's, in ms (positive: the relay runs ahead), corrected for the round trip. */
export async function measureClockSkew(deps: { db: Db; now: () => number }): Promise<number> {
	const before = deps.now();
	const database = await databaseNow(deps.db);
	const after = deps.now();
	return Math.round((before + after) / 2 - database);
}
