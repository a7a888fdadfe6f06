/**
 * sync.pull (SYNC §4.5) and sync.rows: reads in one REPEATABLE READ read-only snapshot, so the
 * page, the cursor, lastMid and the balance all describe the same moment. Writes nothing.
 */
import {
	SYNC_SCHEMA_MAX,
	SYNC_SCHEMA_MIN,
	type Change,
	type Entity,
	type PullInput,
	type PullResult
} from '#shared/schemas/sync';
import { DEFAULT_PULL_LIMIT } from '#shared/schemas/sync';
import type { Db } from '../../db/client';
import { countAfter, readTables, syncHead } from '../../db/repositories/sync/pull.repository';
import { listRevisions } from '../../db/repositories/sync/prompts.repository';
import { appError } from '../app-error';
import { assertSchemaSupported } from './push.service';
import { toChanges } from './wire';

export interface PullDeps {
	db: Db;
	now: () => number;
}

const SNAPSHOT = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;

/** One page of the user's changes after `cursor`, or `reset` when tombstones after it were purged. */
export async function pullChanges(
	deps: PullDeps,
	userId: string,
	input: PullInput
): Promise<PullResult> {
	assertSchemaSupported(input.schemaVersion);
	const limit = input.limit ?? DEFAULT_PULL_LIMIT;
	return deps.db.transaction(async (tx) => {
		const db = tx as unknown as Db;
		const head = await syncHead(db, userId, input.clientId);
		if (head.client && head.client.userId !== userId)
			throw appError('CLIENT_OF_OTHER_USER', 'This device is registered to another account.');
		if (!input.resetting && input.cursor > 0 && input.cursor < head.minCursor)
			return { reset: true as const, serverTime: deps.now() };
		// One extra row per table tells whether more follow; the merged page is the `limit` smallest seqs.
		const all = toChanges(await readTables(db, userId, { after: input.cursor, limit: limit + 1 }));
		const hasMore = all.length > limit;
		const changes = all.slice(0, limit);
		return {
			reset: false as const,
			changes,
			nextCursor: hasMore ? changes[changes.length - 1].seq : Math.max(head.seq, input.cursor),
			hasMore,
			lastMid: head.client?.lastMid ?? 0,
			remaining: input.withTotal ? await countAfter(db, userId, input.cursor) : null,
			credits: head.credits,
			serverTime: deps.now(),
			schemaWindow: { min: SYNC_SCHEMA_MIN, max: SYNC_SCHEMA_MAX }
		};
	}, SNAPSHOT);
}

/** Current rows of one entity by id; an id the user has no row for comes back as a tombstone with seq 0. */
export async function currentRows(
	deps: PullDeps,
	userId: string,
	input: { entity: Entity; ids: string[] }
): Promise<Change[]> {
	const changes = await deps.db.transaction(
		async (tx) => toChanges(await readTables(tx as unknown as Db, userId, { ids: input.ids })),
		SNAPSHOT
	);
	const found = new Map(
		changes.filter((c) => c.entity === input.entity).map((c) => [c.id.toLowerCase(), c])
	);
	return input.ids.map(
		(id) =>
			found.get(id.toLowerCase()) ?? { entity: input.entity, id, seq: 0, deleted: true as const }
	);
}

/** A prompt's body history (server-only), newest first. */
export function promptRevisions(deps: PullDeps, userId: string, promptId: string) {
	return listRevisions(deps.db, userId, promptId);
}
