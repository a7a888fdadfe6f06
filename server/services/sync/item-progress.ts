/**
 * The relay's side of the job-item state machine (SYNC §4.10): a generation that names an item
 * moves it to submitted, then done or failed, in the same transaction as the money and the image
 * rows. Every move names the states it may leave and the try (request id) it belongs to, so a late
 * or repeated result never moves an item backwards or onto a newer round.
 */
import { ERROR_CODES, type ErrorCode } from '#shared/protocol';
import type { Db } from '../../db/client';
import {
	findItem,
	findJob,
	finishJobIfSettled,
	moveItems
} from '../../db/repositories/sync/jobs.repository';
import { appError } from '../app-error';

/**
 * Refuses a submit for an item that must not run, before anything is charged: a stale claim epoch
 * (another device took over) or a cancelled item. Unknown items are not synced-queue calls: allowed.
 */
export async function checkItemSubmit(
	db: Db,
	userId: string,
	input: { id: string; itemId?: string; claimEpoch?: number }
): Promise<void> {
	if (!input.itemId) return;
	const item = await findItem(db, userId, input.itemId);
	if (!item) return;
	const job = await findJob(db, userId, item.jobId);
	if (job && input.claimEpoch !== undefined && job.claimEpoch !== input.claimEpoch) {
		throw appError(
			'JOB_CLAIMED_ELSEWHERE',
			'Another device took over this batch; this device no longer submits its items.'
		);
	}
	if (item.state === 'cancelled') throw appError('NOT_FOUND', 'This item was cancelled.');
	if (item.state === 'done' || item.state === 'failed')
		throw appError('NOT_FOUND', `This item is already ${item.state}; retry it first.`);
	// At the provider under another request id: a second try now would generate (and charge) twice.
	if (
		item.state === 'submitted' &&
		item.submittedAt !== null &&
		item.requestId !== null &&
		item.requestId !== input.id
	) {
		throw appError(
			'IDEMPOTENCY_CONFLICT',
			'This item is already being generated under another request.'
		);
	}
}

/** In the reservation's transaction: the item is now at the relay under `generationId`. */
export async function markItemSubmitted(
	db: Db,
	input: { userId: string; itemId?: string; generationId: string; now: number }
): Promise<void> {
	if (!input.itemId) return;
	const existing = await findItem(db, input.userId, input.itemId);
	if (!existing) return;
	const moved = await moveItems(
		db,
		{ userId: input.userId, id: input.itemId },
		['queued', 'submitted'],
		{
			state: 'submitted',
			requestId: input.generationId,
			submittedAt: input.now,
			error: null,
			updatedAt: input.now
		},
		{ nextAttempt: true }
	);
	// Cancelled or done meanwhile: roll the reservation back rather than run it.
	if (moved.length === 0)
		throw appError('NOT_FOUND', 'This item is no longer waiting to be generated.');
}

/** In the commit's transaction: the item of this try is done with these images. */
export async function markItemDone(
	db: Db,
	input: { userId: string; generationId: string; imageIds: string[]; now: number }
): Promise<void> {
	const moved = await moveItems(
		db,
		{ userId: input.userId, requestId: input.generationId },
		['submitted'],
		{
			state: 'done',
			imageIds: input.imageIds,
			error: null,
			finishedAt: input.now,
			updatedAt: input.now
		}
	);
	for (const item of moved) await finishJobIfSettled(db, input.userId, item.jobId, input.now);
}

/**
 * In the refund's transaction: a final failure fails the item; a retryable one leaves it submitted
 * with the error and no submittedAt, so the owner device resends it under a new request id.
 */
export async function markItemFailed(
	db: Db,
	input: {
		userId: string;
		generationId: string;
		failure: { code: ErrorCode; message: string };
		now: number;
	}
): Promise<void> {
	const error = { code: input.failure.code, message: input.failure.message.slice(0, 500) };
	const final = ERROR_CODES[input.failure.code] === 'final';
	const moved = await moveItems(
		db,
		{ userId: input.userId, requestId: input.generationId },
		['submitted'],
		final
			? { state: 'failed', error, finishedAt: input.now, updatedAt: input.now }
			: { error, submittedAt: null, updatedAt: input.now }
	);
	if (final)
		for (const item of moved) await finishJobIfSettled(db, input.userId, item.jobId, input.now);
}
