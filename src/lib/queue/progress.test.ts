import { describe, expect, it } from 'vitest';
import { jobProgress, queuedCredits, quote, RunCounter, splitDuration } from './progress';

const item = (
	state: 'queued' | 'submitted' | 'done' | 'failed' | 'cancelled',
	submittedAt: number | null = null,
	finishedAt: number | null = null
) => ({
	state,
	submittedAt,
	finishedAt,
	model: 'demo/sketch'
});

describe('job progress', () => {
	it('counts items by state and tells running from waiting', () => {
		const progress = jobProgress(
			[
				item('done', 0, 10),
				item('failed', 0, 20),
				item('submitted', 5),
				item('submitted'),
				item('queued'),
				item('cancelled')
			],
			100
		);
		expect(progress).toMatchObject({
			total: 6,
			done: 1,
			failed: 1,
			cancelled: 1,
			running: 1,
			waiting: 2
		});
	});

	it('derives throughput and ETA from finished times', () => {
		const now = 100_000;
		// 4 images done in the 60 s since the first was sent; 2 left → about 30 s.
		const items = [
			item('done', 40_000, 55_000),
			item('done', 40_000, 70_000),
			item('done', 55_000, 85_000),
			item('done', 70_000, 100_000),
			item('queued'),
			item('submitted', 90_000)
		];
		const progress = jobProgress(items, now);
		expect(progress.perMinute).toBeCloseTo(4);
		expect(progress.etaMs).toBe(30_000);
	});

	it('counts the ETA down between results instead of freezing', () => {
		const items = [
			item('done', 40_000, 55_000),
			item('done', 40_000, 70_000),
			item('done', 55_000, 85_000),
			item('done', 70_000, 100_000),
			item('queued'),
			item('submitted', 90_000)
		];
		expect(jobProgress(items, 110_000).etaMs).toBe(20_000);
		expect(jobProgress(items, 200_000).etaMs).toBe(1_000); // late: "about a second", never negative
	});

	it('has no ETA before two results and zero when nothing is left', () => {
		expect(jobProgress([item('done', 0, 5), item('queued')], 10).etaMs).toBeNull();
		expect(jobProgress([item('done', 0, 5)], 10).etaMs).toBe(0);
	});
});

describe('RunCounter', () => {
	const counts = (total: number, done: number, failed = 0) => ({
		total,
		done,
		failed,
		open: total - done - failed
	});

	it('never goes backwards as jobs finish and leave the snapshot', () => {
		const sut = new RunCounter();
		const seen = [
			sut.next({ a: counts(4, 3), b: counts(4, 0), c: counts(4, 0) }),
			sut.next({ b: counts(4, 0), c: counts(4, 0) }), // a finished: 3/12 must not become 0/8
			sut.next({ c: counts(4, 1) }),
			sut.next({})
		];
		expect(seen.map((tally) => `${tally.done}/${tally.total}`)).toEqual([
			'3/12',
			'4/12',
			'9/12',
			'12/12'
		]);
		for (let i = 1; i < seen.length; i++)
			expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);
		expect(seen[3].open).toBe(0);
	});

	it('counts failed items as settled and reports them', () => {
		const sut = new RunCounter();
		expect(sut.next({ a: counts(3, 1, 1) })).toEqual({ done: 2, total: 3, failed: 1, open: 1 });
	});

	it('keeps done when a failed item is retried, and grows with work added mid-run', () => {
		const sut = new RunCounter();
		sut.next({ a: counts(3, 1, 1) });
		expect(sut.next({ a: counts(3, 1) }).done).toBe(2); // retry: failed → queued
		expect(sut.next({ a: counts(3, 1), b: counts(5, 0) }).total).toBe(8);
	});

	it('starts a new run once the queue was idle', () => {
		const sut = new RunCounter();
		sut.next({ a: counts(2, 1) });
		sut.next({});
		expect(sut.next({ b: counts(3, 0) })).toEqual({ done: 0, total: 3, failed: 0, open: 3 });
	});
});

describe('cost quote', () => {
	it('says how many images the balance covers after the work already queued', () => {
		expect(quote(6, 2, 4, 10)).toEqual({
			cost: 12,
			queued: 4,
			balance: 10,
			covered: false,
			affordable: 3
		});
		expect(quote(3, 2, 4, 10)).toMatchObject({ covered: true, affordable: 3 });
		expect(quote(3, 2, 20, 10)).toMatchObject({ covered: false, affordable: 0 });
	});

	it('charges queued work only for items not yet at the relay', () => {
		expect(
			queuedCredits(
				[item('queued'), item('submitted'), item('submitted', 5), item('done', 0, 1)],
				() => 3
			)
		).toBe(6);
	});

	it('splits durations for display', () => {
		expect(splitDuration(3_905_000)).toEqual({ hours: 1, minutes: 5, seconds: 5 });
	});
});
