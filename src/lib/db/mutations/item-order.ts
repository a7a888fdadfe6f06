/**
 * The order of a job item's states (SYNC §4.7, §4.10): within a round, queued 0 < submitted 1 <
 * done = failed = cancelled 2; a later round (item.retry) wins over any state of an earlier one.
 * Pure helpers, shared by the item mutations, the scheduler's writes and the pull merge.
 */
import type { ItemState, JobItemRow } from '../../shared/schemas/rows';

/** How far an item's state is within its round. */
export const ITEM_STATE_RANK: Readonly<Record<ItemState, number>> = {
	queued: 0,
	submitted: 1,
	done: 2,
	failed: 2,
	cancelled: 2
};

/** Compares the progress of two item rows: negative when `a` is behind `b`, 0 when level. */
export function compareItemProgress(
	a: Pick<JobItemRow, 'round' | 'state'>,
	b: Pick<JobItemRow, 'round' | 'state'>
): number {
	return (a.round ?? 0) - (b.round ?? 0) || ITEM_STATE_RANK[a.state] - ITEM_STATE_RANK[b.state];
}

/** Whether an item still needs the relay (queued to send, or submitted and not settled). */
export function isOpenItem(item: Pick<JobItemRow, 'state'>): boolean {
	return ITEM_STATE_RANK[item.state] < 2;
}

/** Fields of a try in progress that the scheduler keeps on this device (the relay may not know them yet). */
const TRY_FIELDS = ['attempts', 'requestId', 'submittedAt'] as const;

/**
 * Merges an incoming row (the relay's, from a pull) over the stored one: the row that is further
 * along wins, so a late or repeated page never moves an item backwards. Fields only this device
 * knows survive: `nextAttemptAt` always, and the current try's fields while both rows are at the
 * same unfinished step.
 */
export function mergeItemRow(stored: JobItemRow | undefined, incoming: JobItemRow): JobItemRow {
	if (!stored) return incoming;
	const order = compareItemProgress(incoming, stored);
	if (order < 0) {
		// The device is ahead (e.g. a result stored before the relay's row arrived): keep its progress.
		const {
			round,
			state,
			attempts,
			error,
			imageIds,
			requestId,
			submittedAt,
			finishedAt,
			nextAttemptAt
		} = stored;
		return {
			...incoming,
			round,
			state,
			attempts,
			error,
			imageIds,
			requestId,
			submittedAt,
			finishedAt,
			nextAttemptAt
		};
	}
	const merged: JobItemRow = { ...incoming, nextAttemptAt: stored.nextAttemptAt };
	if (order === 0 && isOpenItem(incoming)) {
		for (const field of TRY_FIELDS)
			if (stored[field] !== null) (merged as Record<string, unknown>)[field] = stored[field];
		merged.attempts = Math.max(stored.attempts, incoming.attempts);
	}
	return merged;
}
