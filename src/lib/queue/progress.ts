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

export function jobProgress(
	items: Pick<JobItemRow, 'state' | 'submittedAt' | 'finishedAt'>[],
	now: number
): JobProgress {
	const count = (state: ItemState) => items.filter((item) => item.state === state).length;
	const running = items.filter(
		(item) => item.state === 'submitted' && item.submittedAt !== null
	).length;
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
			...items
				.filter((item) => item.submittedAt !== null && item.submittedAt >= now - WINDOW_MS)
				.map((item) => item.submittedAt as number)
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
		etaMs:
			open === 0
				? 0
				: perMinute
					? countDown(open, perMinute, finishedTimes[finishedTimes.length - 1], now)
					: null
	};
}

/** The time `open` items take at `perMinute`, less what has passed since the last result (never under 1 s). */
function countDown(open: number, perMinute: number, lastFinishedAt: number, now: number): number {
	return Math.max(
		1_000,
		Math.round((open / perMinute) * 60_000) - Math.max(0, now - lastFinishedAt)
	);
}

/** One unfinished job's items by outcome (cancelled items are not counted). */
export interface JobCounts {
	total: number;
	done: number;
	failed: number;
	open: number;
}

/** The footer's "done / total" of the current run: every job queued since the queue was last idle. */
export interface RunTally {
	/** Items settled in this run (done or failed). */
	done: number;
	total: number;
	failed: number;
	/** Items still to finish; 0 means the run is over. */
	open: number;
}

/**
 * Folds successive snapshots of the unfinished jobs into the current run's tally, so the footer
 * never goes backwards when a job finishes and leaves the snapshot (3/12 → 0/8 was the bug): a job
 * that leaves counts as fully settled, and neither `done` nor `total` ever decreases within a run.
 * A snapshot with nothing open ends the run; the next work starts a new one.
 */
export class RunCounter {
	#jobs = new Map<string, JobCounts>();
	#last: RunTally = { done: 0, total: 0, failed: 0, open: 0 };

	next(snapshot: Record<string, JobCounts>): RunTally {
		const ids = Object.keys(snapshot);
		const open = ids.reduce((sum, id) => sum + snapshot[id].open, 0);
		if (this.#last.open === 0 && open > 0) this.#jobs.clear(); // new work after an idle queue
		for (const [id, counts] of this.#jobs) {
			if (!(id in snapshot))
				this.#jobs.set(id, { ...counts, done: counts.total - counts.failed, open: 0 });
		}
		for (const id of ids) this.#jobs.set(id, snapshot[id]);
		let done = 0;
		let total = 0;
		let failed = 0;
		for (const counts of this.#jobs.values()) {
			done += counts.done + counts.failed;
			total += counts.total;
			failed += counts.failed;
		}
		const continuing = this.#last.open > 0;
		this.#last = {
			done: continuing ? Math.max(this.#last.done, done) : done,
			total: continuing ? Math.max(this.#last.total, total, done) : total,
			failed,
			open
		};
		return this.#last;
	}
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
	return {
		cost,
		queued,
		balance,
		covered: cost <= left,
		affordable: price === 0 ? images : Math.min(images, Math.floor(left / price))
	};
}

/** Credits the waiting items of unfinished jobs will need (items at the relay are already paid). */
export function queuedCredits(
	items: Pick<JobItemRow, 'state' | 'submittedAt' | 'model'>[],
	priceOf: (model: string) => number
): number {
	return items.reduce(
		(sum, item) =>
			item.state === 'queued' || (item.state === 'submitted' && item.submittedAt === null)
				? sum + priceOf(item.model)
				: sum,
		0
	);
}

/** "1 h 5 min", "3 min", "40 s" as numbers for the caller to translate. */
export function splitDuration(ms: number): { hours: number; minutes: number; seconds: number } {
	const total = Math.max(0, Math.round(ms / 1000));
	return {
		hours: Math.floor(total / 3600),
		minutes: Math.floor((total % 3600) / 60),
		seconds: total % 60
	};
}
