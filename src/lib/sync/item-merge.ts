/**
 * The pull's merge of a job item (SYNC §4.7, §4.10): the higher (round, state rank) wins, so a
 * device's own progress never goes backwards, and fields only this device knows survive. Pure.
 */
import type { ItemState, JobItemRow } from '../shared/schemas/rows';

const RANK: Record<ItemState, number> = { queued: 0, submitted: 1, done: 2, failed: 2, cancelled: 2 };

/** Fields of a try in progress that the scheduler keeps on this device (the relay does not know them yet). */
const TRY_FIELDS = ['attempts', 'requestId', 'submittedAt'] as const;

/** -1, 0 or 1: how the progress of `a` compares with `b`. */
export function compareProgress(a: Pick<JobItemRow, 'round' | 'state'>, b: Pick<JobItemRow, 'round' | 'state'>): number {
	const round = (a.round ?? 0) - (b.round ?? 0);
	if (round !== 0) return Math.sign(round);
	return Math.sign(RANK[a.state] - RANK[b.state]);
}

/** The item to store when the relay sends `server` and the device holds `local` (if any). */
export function mergeItem(local: JobItemRow | undefined, server: JobItemRow): JobItemRow {
	if (!local) return server;
	const order = compareProgress(server, local);
	if (order < 0) {
		// The device is ahead (e.g. a result stored before the relay's row arrived): keep its progress.
		return {
			...server,
			round: local.round,
			state: local.state,
			attempts: local.attempts,
			error: local.error,
			imageIds: local.imageIds,
			requestId: local.requestId,
			submittedAt: local.submittedAt,
			finishedAt: local.finishedAt,
			nextAttemptAt: local.nextAttemptAt
		};
	}
	const merged = { ...server, nextAttemptAt: local.nextAttemptAt };
	if (order === 0 && RANK[server.state] < 2) {
		// Same unfinished step: the scheduler's current try (fresh requestId, tries used) stays.
		for (const field of TRY_FIELDS) if (local[field] !== null) (merged as Record<string, unknown>)[field] = local[field];
		merged.attempts = Math.max(local.attempts, server.attempts);
	}
	return merged;
}
