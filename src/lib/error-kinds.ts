/**
 * Pure classification used by the error funnel ($lib/errors): what is storage-full and what is
 * safe to drop. Kept apart from the funnel (which touches rune state) so it is unit-testable.
 */
import { isQuotaError, StorageFullError } from './db/storage-errors';

/** Storage-full in any shape: our StorageFullError, a raw QuotaExceededError, or Dexie's AbortError wrapping one. */
export function isStorageFull(error: unknown): boolean {
	return error instanceof StorageFullError || isQuotaError(error);
}

/** Aborts are intended; DatabaseClosedError only happens while signing out or reloading. Never a quota failure. */
export function isIgnorableError(error: unknown): boolean {
	if (isStorageFull(error)) return false;
	const name = (error as { name?: unknown } | null)?.name;
	return name === 'AbortError' || name === 'DatabaseClosedError';
}
