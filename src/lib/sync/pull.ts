/**
 * Pull (SYNC §4.5): pages by cursor until `hasMore` is false, each page stored with its cursor in
 * one transaction (apply-page.ts); a `reset` answer clears the synced tables (outbox kept) and
 * starts again from 0. Must not push: the loop pushes first, then pulls.
 */
import type { StudioDB } from '../db/database';
import {
	DEFAULT_PULL_LIMIT,
	MAX_PULL_LIMIT,
	MAX_ROWS_REFS,
	SYNC_SCHEMA_VERSION,
	type PullInput,
	type PullResult
} from '../shared/schemas/sync';
import { mutationTargets } from '../db/mutations/mutate';
import type { MutationTarget } from '../db/mutations/types';
import { refKey } from './rebase';
import { applyChanges, startReset } from './apply-page';
import { CURSOR_KEY, readNumber, RESET_REBASE_KEY } from './sync-meta';
import type { SyncTransport } from './transport';

/** What one stored page tells the host (thumbnails to fetch, the balance in the same snapshot). */
export interface PulledPage {
	thumbHashes: string[];
	credits: number;
}

export interface PullOptions {
	db: StudioDB;
	transport: SyncTransport;
	clientId: string;
	/** Page size; by default the largest for a first sync or a reset, else DEFAULT_PULL_LIMIT. */
	limit?: number;
	/** After each stored page. */
	onPage?(page: PulledPage): void | Promise<void>;
	/** A first sync's progress ("1,200 of 10,000"), then null when it is over. */
	onBootstrap?(progress: { done: number; total: number } | null): void | Promise<void>;
}

/**
 * [Note: Cursor 0] The relay never resets a cursor of 0, yet a device that wrote before its first
 * pull holds rows of its own; a purge may have deleted them on the relay with no tombstone left.
 * A pull from 0 notes the rows the outbox touched; those no page mentioned are asked for by id and
 * dropped when the relay has none. Null when the pull does not start from 0 (or is a reset).
 */
async function strandableRows(db: StudioDB): Promise<Map<string, MutationTarget> | null> {
	if (
		(await readNumber(db, CURSOR_KEY)) !== 0 ||
		(await db.meta.get(RESET_REBASE_KEY))?.value === true
	)
		return null;
	const targets = new Map<string, MutationTarget>();
	for (const entry of await db.outbox.toArray())
		for (const t of mutationTargets(entry.name, entry.args)) targets.set(refKey(t.entity, t.id), t);
	return targets;
}

/** Stores the relay's tombstones for rows of ours it no longer has (see [Note: Cursor 0]). */
async function dropStrays(
	options: PullOptions,
	refs: MutationTarget[],
	lastMid: number
): Promise<void> {
	for (let at = 0; at < refs.length; at += MAX_ROWS_REFS) {
		const { changes } = await options.transport.rows({
			clientId: options.clientId,
			schemaVersion: SYNC_SCHEMA_VERSION,
			refs: refs.slice(at, at + MAX_ROWS_REFS)
		});
		await applyChanges(options.db, { changes: changes.filter((c) => 'deleted' in c), lastMid });
	}
}

/** Resets allowed in one pull: a second in a row means the relay keeps purging; try later. */
const MAX_RESETS = 2;

/**
 * Pulls until up to date. Returns the number of pages stored.
 * @throws whatever the transport throws, or StorageFullError; stored pages stay stored.
 */
export async function pullAll(options: PullOptions): Promise<number> {
	const { db, transport, clientId } = options;
	let pages = 0;
	let resets = 0;
	let bootstrap: { done: number; total: number } | null = null;
	const strays = await strandableRows(db);
	// The next page is asked for while this one is stored (the relay's answer does not depend on
	// what the device stored); it is used only if this one was stored, so the cursor rule holds.
	let prefetched: { input: PullInput; answer: Promise<PullResult> } | null = null;
	const ask = (input: PullInput) => {
		if (
			prefetched &&
			prefetched.input.cursor === input.cursor &&
			prefetched.input.resetting === input.resetting
		)
			return prefetched.answer;
		return transport.pull(input);
	};
	try {
		for (;;) {
			const cursor = await readNumber(db, CURSOR_KEY);
			const resetting = (await db.meta.get(RESET_REBASE_KEY))?.value === true;
			// Unless told, a first sync (or a reset) takes the biggest pages: fewer round trips and transactions.
			const limit =
				options.limit ??
				(cursor === 0 || resetting || bootstrap ? MAX_PULL_LIMIT : DEFAULT_PULL_LIMIT);
			const page = await ask({
				clientId,
				schemaVersion: SYNC_SCHEMA_VERSION,
				cursor,
				limit,
				withTotal: cursor === 0,
				resetting
			});
			prefetched = null;
			if (!page.reset && page.hasMore && page.nextCursor > cursor) {
				const input = {
					clientId,
					schemaVersion: SYNC_SCHEMA_VERSION,
					cursor: page.nextCursor,
					limit,
					withTotal: false,
					resetting
				};
				const answer = transport.pull(input);
				answer.catch(() => undefined); // awaited (and its failure seen) only if used
				prefetched = { input, answer };
			}
			if (page.reset) {
				if (++resets > MAX_RESETS)
					throw new Error('The relay asked for a reset again; trying later');
				await startReset(db);
				continue;
			}
			if (cursor === 0 && page.remaining !== null && page.remaining > 0)
				bootstrap = { done: 0, total: page.remaining };
			if (page.hasMore && page.nextCursor <= cursor)
				throw new Error(`Pull did not advance past cursor ${cursor}`);
			const result = await applyChanges(db, {
				changes: page.changes,
				lastMid: page.lastMid,
				cursor: page.nextCursor,
				isLast: !page.hasMore
			});
			pages++;
			if (bootstrap) {
				bootstrap = {
					done: Math.min(bootstrap.total, bootstrap.done + page.changes.length),
					total: bootstrap.total
				};
				await options.onBootstrap?.(bootstrap);
			}
			await options.onPage?.({ thumbHashes: result.thumbHashes, credits: page.credits });
			for (const change of page.changes) strays?.delete(refKey(change.entity, change.id));
			if (!page.hasMore) {
				if (strays?.size) await dropStrays(options, [...strays.values()], page.lastMid);
				return pages;
			}
		}
	} finally {
		if (bootstrap) await options.onBootstrap?.(null);
	}
}
