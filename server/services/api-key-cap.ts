/**
 * A personal API key's credit cap, checked inside the submit transaction by one conditional UPDATE
 * of the key's spend, so two requests with the same key cannot both slip under the cap. The refund
 * of a failed generation gives its price back in the refund's own transaction (generate.service).
 */
import type { Db } from '../db/client';
import { reserveKeyCredits } from '../db/repositories/api-keys.repository';
import { appError } from './app-error';

export async function checkKeyCreditCap(
	tx: Db,
	key: { id: string; creditCap: number | null },
	price: number
): Promise<void> {
	if (!(await reserveKeyCredits(tx, key.id, price))) {
		throw appError(
			'INSUFFICIENT_CREDITS',
			`This API key's credit cap (${key.creditCap}) would be exceeded by ${price} more credits.`
		);
	}
}
