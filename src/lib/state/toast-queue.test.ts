import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DURATION_MS, MAX_TOASTS, ToastQueue, UNDO_MS } from './toast-queue';

describe('ToastQueue', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('lets errors leave by themselves, later than notes', () => {
		const sut = new ToastQueue();
		sut.push('Saved', 'info');
		sut.push('Cannot reach the server', 'error');
		vi.advanceTimersByTime(DURATION_MS.info);
		expect(sut.items.map((toast) => toast.message)).toEqual(['Cannot reach the server']);
		vi.advanceTimersByTime(DURATION_MS.error - DURATION_MS.info);
		expect(sut.items).toEqual([]);
	});

	it('counts a repeated error on the toast showing instead of stacking it, and restarts its clock', () => {
		const sut = new ToastQueue();
		sut.push('Cannot reach the server', 'error');
		vi.advanceTimersByTime(DURATION_MS.error - 1_000);
		sut.push('Cannot reach the server', 'error');
		sut.push('Cannot reach the server', 'error');
		expect(sut.items).toHaveLength(1);
		expect(sut.items[0].count).toBe(3);
		vi.advanceTimersByTime(2_000);
		expect(sut.items).toHaveLength(1);
	});

	it('shows at most MAX_TOASTS, the oldest giving way', () => {
		const sut = new ToastQueue();
		for (let i = 0; i < MAX_TOASTS + 2; i++) sut.push(`error ${i}`, 'error');
		expect(sut.items.map((toast) => toast.message)).toEqual(
			Array.from({ length: MAX_TOASTS }, (_, i) => `error ${i + 2}`)
		);
	});

	it('keeps an Undo on offer for UNDO_MS and never merges it', () => {
		const sut = new ToastQueue();
		const run = vi.fn();
		sut.push('Deleted', 'info', { label: 'Undo', run });
		sut.push('Deleted', 'info', { label: 'Undo', run });
		expect(sut.items).toHaveLength(2);
		vi.advanceTimersByTime(UNDO_MS - 1);
		expect(sut.items).toHaveLength(2);
		vi.advanceTimersByTime(1);
		expect(sut.items).toHaveLength(0);
	});

	it('holds every toast while the person reads, then lets them go', () => {
		const sut = new ToastQueue();
		sut.push('Cannot reach the server', 'error');
		sut.hold();
		vi.advanceTimersByTime(DURATION_MS.error * 3);
		expect(sut.items).toHaveLength(1);
		sut.release();
		vi.advanceTimersByTime(DURATION_MS.error);
		expect(sut.items).toHaveLength(0);
	});

	it('closes a toast when asked', () => {
		const sut = new ToastQueue();
		const id = sut.push('Saved');
		sut.dismiss(id);
		expect(sut.items).toEqual([]);
	});
});
