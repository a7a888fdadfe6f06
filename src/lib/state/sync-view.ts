/**
 * Turns what the sync loop reports (plus the outbox count, refusals and the browser's online flag)
 * into the one thing the header says. Pure: no runes, no database, so it is tested directly.
 */
import type { SyncRejection, SyncStatus } from '../sync/status';

/** What the header shows, most urgent first when several are true. */
export type SyncView =
	| { kind: 'update'; pending: number }
	| { kind: 'signed-out'; pending: number }
	| { kind: 'offline'; pending: number }
	| { kind: 'refused'; count: number }
	| { kind: 'first-sync'; done: number; total: number }
	| { kind: 'syncing'; pending: number }
	| { kind: 'error'; pending: number }
	| { kind: 'synced' };

export interface SyncFacts {
	status: SyncStatus;
	/** Outbox entries not yet acknowledged by the relay. */
	pending: number;
	rejections: readonly SyncRejection[];
	/** `navigator.onLine`; false is trusted, true is not (the loop's `offline` phase decides). */
	isBrowserOnline: boolean;
}

/** The header's state for these facts. */
export function describeSync({
	status,
	pending,
	rejections,
	isBrowserOnline
}: SyncFacts): SyncView {
	if (status.phase === 'update-required') return { kind: 'update', pending };
	if (status.phase === 'signed-out') return { kind: 'signed-out', pending };
	if (status.phase === 'offline' || !isBrowserOnline) return { kind: 'offline', pending };
	if (rejections.length > 0) return { kind: 'refused', count: rejections.length };
	if (status.bootstrap) return { kind: 'first-sync', ...status.bootstrap };
	if (status.phase === 'error') return { kind: 'error', pending };
	// Pending changes with an idle loop: it is about to push them, so say so rather than "Synced".
	if (status.phase === 'syncing' || pending > 0) return { kind: 'syncing', pending };
	return { kind: 'synced' };
}

/** The mutation's entity, for saying what a refused change was about ("prompt.patch" → prompt). */
export function refusedEntity(
	name: string
): 'prompt' | 'tag' | 'image' | 'collection' | 'job' | 'item' | 'other' {
	const entity = name.split('.')[0];
	return entity === 'prompt' ||
		entity === 'tag' ||
		entity === 'image' ||
		entity === 'collection' ||
		entity === 'job' ||
		entity === 'item'
		? entity
		: 'other';
}

/** Codes the relay uses for refusals that have their own sentence (RejectedMutationSchema). */
export const KNOWN_REFUSAL_CODES = [
	'INVALID',
	'NOT_FOUND',
	'DELETED',
	'CONFLICT',
	'UNKNOWN_MUTATION'
] as const;
export type KnownRefusalCode = (typeof KNOWN_REFUSAL_CODES)[number];

export function isKnownRefusalCode(code: string): code is KnownRefusalCode {
	return (KNOWN_REFUSAL_CODES as readonly string[]).includes(code);
}
