import { describe, expect, it } from 'vitest';
import { guardStorage, isQuotaError, StorageFullError } from './storage-errors';

describe('isQuotaError', () => {
	it('recognises a QuotaExceededError when it is thrown directly', () => {
		expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
	});

	it('recognises a QuotaExceededError when Dexie wraps it in inner', () => {
		const wrapped = { name: 'AbortError', inner: { name: 'QuotaExceededError' } };
		expect(isQuotaError(wrapped)).toBe(true);
	});

	it('rejects other errors', () => {
		expect(isQuotaError(new DOMException('x', 'ConstraintError'))).toBe(false);
		expect(isQuotaError(null)).toBe(false);
	});
});

describe('guardStorage', () => {
	it('rethrows other errors unchanged', async () => {
		const other = new Error('boom');
		await expect(guardStorage(() => Promise.reject(other))).rejects.toBe(other);
	});

	it('turns a quota failure into StorageFullError', async () => {
		const quota = new DOMException('full', 'QuotaExceededError');
		await expect(guardStorage(() => Promise.reject(quota))).rejects.toBeInstanceOf(
			StorageFullError
		);
	});
});
