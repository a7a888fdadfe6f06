import { describe, expect, it } from 'vitest';
import { jobProgress, queuedCredits, quote, splitDuration } from './progress';

const item = (state: 'queued' | 'submitted' | 'done' | 'failed' | 'cancelled', submittedAt: number | null = null, finishedAt: number | null = null) => ({
	state, submittedAt, finishedAt, model: 'demo/sketch'
});

describe('job progress', () => {
	it('counts items by state and tells running from waiting', () => {
		const progress = jobProgress([item('done', 0, 10), item('failed', 0, 20), item('submitted', 5), item('submitted'), item('queued'), item('cancelled')], 100);
		expect(progress).toMatchObject({ total: 6, done: 1, failed: 1, cancelled: 1, running: 1, waiting: 2 });
	});

	it('derives throughput and ETA from finished times', () => {
		const now = 100_000;
		// 4 images done in the 60 s since the first was sent; 2 left → about 30 s.
		const items = [item('done', 40_000, 55_000), item('done', 40_000, 70_000), item('done', 55_000, 85_000), item('done', 70_000, 100_000), item('queued'), item('submitted', 90_000)];
		const progress = jobProgress(items, now);
		expect(progress.perMinute).toBeCloseTo(4);
		expect(progress.etaMs).toBe(30_000);
	});

	it('has no ETA before two results and zero when nothing is left', () => {
		expect(jobProgress([item('done', 0, 5), item('queued')], 10).etaMs).toBeNull();
		expect(jobProgress([item('done', 0, 5)], 10).etaMs).toBe(0);
	});
});

describe('cost quote', () => {
	it('says how many images the balance covers after the work already queued', () => {
		expect(quote(6, 2, 4, 10)).toEqual({ cost: 12, queued: 4, balance: 10, covered: false, affordable: 3 });
		expect(quote(3, 2, 4, 10)).toMatchObject({ covered: true, affordable: 3 });
		expect(quote(3, 2, 20, 10)).toMatchObject({ covered: false, affordable: 0 });
	});

	it('charges queued work only for items not yet at the relay', () => {
		expect(queuedCredits([item('queued'), item('submitted'), item('submitted', 5), item('done', 0, 1)], () => 3)).toBe(6);
	});

	it('splits durations for display', () => {
		expect(splitDuration(3_905_000)).toEqual({ hours: 1, minutes: 5, seconds: 5 });
	});
});
