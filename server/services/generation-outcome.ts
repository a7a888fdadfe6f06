/**
 * How a generation ends when it does not succeed: failed and refunded exactly once (the status
 * change and the refund share a transaction), and the reaper for generations whose relay died.
 * Its own module so provider-slots and generation-runner need not import generate.service
 * (which imports them): no runtime import cycle.
 */
import type { ErrorCode } from '#shared/protocol';
import type { Db } from '../db/client';
import { applyLedgerEntry } from '../db/repositories/credits.repository';
import { releaseKeyCredits } from '../db/repositories/api-keys.repository';
import {
	findExpiredInFlight,
	finishGeneration,
	type GenerationRow
} from '../db/repositories/generations.repository';
import type { GenerateDeps } from './generate.service';
import { markItemFailed } from './sync/item-progress';

/**
 * Marks a queued or running generation failed and refunds it, once: the status change and the
 * refund share a transaction, and only the caller that moved it out of flight refunds.
 */
export async function failAndRefund(
	deps: Pick<GenerateDeps, 'db' | 'now'>,
	row: Pick<GenerationRow, 'userId' | 'id' | 'price'>,
	failure: { code: ErrorCode; message: string; retryAfterMs?: number | null },
	options: { leaseBefore?: number } = {}
): Promise<boolean> {
	const now = deps.now();
	return deps.db.transaction(async (tx) => {
		const txDb = tx as unknown as Db;
		const moved = await finishGeneration(
			txDb,
			row,
			{
				status: 'failed',
				errorCode: failure.code,
				errorMessage: failure.message.slice(0, 500),
				retryAfterMs: failure.retryAfterMs ?? null,
				finishedAt: now
			},
			options
		);
		if (moved && row.price > 0) {
			await applyLedgerEntry(txDb, {
				userId: row.userId,
				amount: row.price,
				kind: 'refund',
				generationId: row.id,
				now
			});
		}
		if (moved)
			await markItemFailed(txDb, { userId: row.userId, generationId: row.id, failure, now });
		if (moved) await releaseKeyCredits(txDb, row.userId, row.id); // an API key's spend (issue 13)
		return moved;
	});
}

/** Fails and refunds queued or running generations whose relay died (lease expired). Returns how many. */
export async function reapOrphanedGenerations(
	deps: Pick<GenerateDeps, 'db' | 'now' | 'logger'>,
	options: { all?: boolean } = {}
): Promise<number> {
	let reaped = 0;
	// `all`: the caller knows no other process can own a live row (it holds the PGlite data-dir lock).
	const cutoff = options.all ? Number.MAX_SAFE_INTEGER : deps.now();
	for (;;) {
		const rows = await findExpiredInFlight(deps.db, cutoff);
		let movedNow = 0;
		for (const row of rows) {
			const message = 'The relay restarted during this generation; it was refunded.';
			if (
				await failAndRefund(
					deps,
					row,
					{ code: 'RELAY_RESTARTED', message },
					{ leaseBefore: cutoff }
				)
			)
				movedNow++;
		}
		reaped += movedNow;
		// A full page (100) may hide more; stop when a page moved nothing (rows others finished meanwhile).
		if (rows.length < 100 || movedNow === 0) break;
	}
	if (reaped) deps.logger.warn({ reaped }, 'refunded generations orphaned by a relay that stopped');
	return reaped;
}
