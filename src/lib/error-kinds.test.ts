import { describe, expect, it } from 'vitest';
import { isIgnorableError, isStorageFull } from './error-kinds';
import { StorageFullError } from './db/storage-errors';

describe('the error funnel classification', () => {
	const quota = new DOMException('full', 'QuotaExceededError');
	const dexieQuota = { name: 'AbortError', inner: quota };

	it('never drops storage-full, raw, wrapped by Dexie in an AbortError, or ours', () => {
		for (const error of [quota, dexieQuota, new StorageFullError(quota)]) {
			expect(isStorageFull(error)).toBe(true);
			expect(isIgnorableError(error)).toBe(false);
		}
	});

	it('drops plain aborts and a closing database, and nothing else', () => {
		expect(isIgnorableError(new DOMException('stop', 'AbortError'))).toBe(true);
		expect(isIgnorableError({ name: 'DatabaseClosedError' })).toBe(true);
		expect(isIgnorableError(new Error('boom'))).toBe(false);
		expect(isStorageFull(new Error('boom'))).toBe(false);
	});
});
