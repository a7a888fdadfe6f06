/**
 * Progress, throughput and ETA of a job, derived from its item rows (never kept as counters,
 * DESIGN §5), and the credits a quote needs. Pure.
 */
import type { ItemState, JobItemRow } from '../shared/schemas/rows';

export interface JobProgress {
	total: number;
	done: number;
	failed: number;
	cancelled: number;
	/** At the relay right now. */
	running: number;
	/** Not sent yet (or waiting to be sent again). */
	waiting: number;
	/** Finished images per minute over the recent window, or null before two results. */
	perMinute: number | null;
	/** Milliseconds until the waiting and running items should be done, or null if unknown. */
	etaMs: number | null;
}

/** How far back throughput looks: recent speed predicts better than the whole run. */
const WINDOW_MS = 5 * 60_000;

export function jobProgress(items: Pick<JobItemRow, 'state' | 'submittedAt' | 'finishedAt'>[], now: number): JobProgress {
	const count = (state: ItemState) => items.filter((item) => item.state === state).length;
	const running = items.filter((item) => item.state === 'submitted' && item.submittedAt !== null).length;
	const open = count('queued') + count('submitted');
	const finishedTimes = items
		.filter((item) => item.state === 'done' && item.finishedAt !== null)
		.map((item) => item.finishedAt as number)
		.filter((at) => at >= now - WINDOW_MS)
		.sort((a, b) => a - b);
	let perMinute: number | null = null;
	if (finishedTimes.length >= 2) {
		const startedAt = Math.min(
			finishedTimes[0],
			...items.filter((item) => item.submittedAt !== null && item.submittedAt >= now - WINDOW_MS).map((item) => item.submittedAt as number)
		);
		const span = Math.max(1_000, finishedTimes[finishedTimes.length - 1] - startedAt);
		perMinute = (finishedTimes.length / span) * 60_000;
	}
	return {
		total: items.length,
		done: count('done'),
		failed: count('failed'),
		cancelled: count('cancelled'),
		running,
		waiting: open - running,
		perMinute,
		etaMs: open === 0 ? 0 : perMinute ? Math.round((open / perMinute) * 60_000) : null
	};
}

/** A cost quote for a new job against the balance and what is already queued. */
export interface CostQuote {
	/** Credits the new job needs. */
	cost: number;
	/** Credits the work already queued will need. */
	queued: number;
	balance: number;
	/** The balance covers the new job on top of the queued work. */
	covered: boolean;
	/** How many of the new job's images the balance can pay for after the queued work. */
	affordable: number;
}

export function quote(images: number, price: number, queued: number, balance: number): CostQuote {
	const cost = images * price;
	const left = Math.max(0, balance - queued);
	return { cost, queued, balance, covered: cost <= left, affordable: price === 0 ? images : Math.min(images, Math.floor(left / price)) };
}

/** Credits the waiting items of unfinished jobs will need (items at the relay are already paid). */
export function queuedCredits(items: Pick<JobItemRow, 'state' | 'submittedAt' | 'model'>[], priceOf: (model: string) => number): number {
	return items.reduce((sum, item) => (item.state === 'queued' || (item.state === 'submitted' && item.submittedAt === null) ? sum + priceOf(item.model) : sum), 0);
}

/** "1 h 5 min", "3 min", "40 s" as numbers for the caller to translate. */
export function splitDuration(ms: number): { hours: number; minutes: number; seconds: number } {
	const total = Math.max(0, Math.round(ms / 1000));
	return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}
