/**
 * What a failed sync call means for the loop: keep retrying (with the relay's Retry-After), wait
 * for the network, or stop until the person acts (update the app, sign in again). Pure.
 */
import { StorageFullError } from '../db/storage-errors';
import { httpStatusOf, relayFailureOf } from '../relay/errors';

export type SyncFailureKind =
	'offline' | 'retry' | 'update-required' | 'signed-out' | 'storage-full';

export interface SyncFailure {
	kind: SyncFailureKind;
	/** The relay's wait, if it asked for one. */
	retryAfterMs: number | null;
	/** Code and short English detail, for the status tooltip (never a secret or a hash). */
	code: string;
	message: string;
}

/** Classifies anything a push, pull or blob call threw. Never throws. */
export function syncFailureOf(error: unknown): SyncFailure {
	const message =
		error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
	if (error instanceof StorageFullError)
		return { kind: 'storage-full', retryAfterMs: null, code: 'STORAGE_FULL', message };
	const failure = relayFailureOf(error);
	if (failure.code === 'CLIENT_TOO_OLD' || httpStatusOf(error) === 426) {
		return { kind: 'update-required', retryAfterMs: null, code: 'CLIENT_TOO_OLD', message };
	}
	if (failure.code === 'UNAUTHENTICATED')
		return { kind: 'signed-out', retryAfterMs: null, code: failure.code, message };
	if (failure.code === 'NETWORK')
		return { kind: 'offline', retryAfterMs: failure.retryAfterMs, code: failure.code, message };
	// Final errors (a bug, a foreign client id) are retried too, slowly: nothing is lost by waiting.
	return { kind: 'retry', retryAfterMs: failure.retryAfterMs, code: failure.code, message };
}
