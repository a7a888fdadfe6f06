/**
 * A personal API key's credit cap, checked inside the submit transaction: the charge before it
 * holds the user's row lock, so two requests with the same key cannot both slip under the cap.
 * What a key has used is derived from its generations (failed ones were refunded), so a refund
 * needs no second bookkeeping and cannot drift from the ledger.
 */
import type { Db } from '../db/client';
import { creditsUsedByKey } from '../db/repositories/api-keys.repository';
import { relayError } from '../trpc/errors';

export async function checkKeyCreditCap(tx: Db, key: { id: string; creditCap: number | null }, price: number): Promise<void> {
	if (key.creditCap === null) return;
	const used = await creditsUsedByKey(tx, key.id);
	if (used + price > key.creditCap) {
		throw relayError('INSUFFICIENT_CREDITS', `This API key's credit cap (${key.creditCap}) would be exceeded: ${used} used, ${price} more asked.`);
	}
}
