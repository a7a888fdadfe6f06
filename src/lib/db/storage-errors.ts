/**
 * Recognises "the device is out of storage" in whatever shape IndexedDB or Dexie reports it and
 * turns it into one {@link StorageFullError}, so the UI can show a storage-full state (STYLE B.8).
 * Must not delete anything to make room: that is the person's decision.
 */

/** Thrown by repository writes when the browser refuses to store more. */
export class StorageFullError extends Error {
	constructor(cause: unknown) {
		super('Device storage is full', { cause });
		this.name = 'StorageFullError';
	}
}

/** True for a `QuotaExceededError` itself or any Dexie/DOM error wrapping one. */
export function isQuotaError(error: unknown): boolean {
	// Dexie wraps the DOMException in `inner`; an aborted transaction may carry it in `cause`.
	for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const { name, inner, cause } = e as { name?: unknown; inner?: unknown; cause?: unknown };
		if (name === 'QuotaExceededError') return true;
		e = inner ?? cause;
	}
	return false;
}

/**
 * Runs a write and rethrows quota failures as {@link StorageFullError}; other errors pass through.
 * @throws {StorageFullError} when storage is full.
 */
export async function guardStorage<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (error) {
		if (isQuotaError(error)) throw new StorageFullError(error);
		throw error;
	}
}
