/**
 * Applies pulled changes in ONE Dexie rw transaction (SYNC §4.5): rows and tombstones, unknown
 * rows kept raw, job items merged, outbox entries the relay applied dropped, the rest rebased on
 * top, and the cursor — so the cursor never moves past rows that were not stored. Idempotent.
 */
import type { StudioDB } from '../db/database';
import { guardStorage } from '../db/storage-errors';
import type { JobItemRow } from '../shared/schemas/rows';
import type { Change } from '../shared/schemas/sync';
import { entityDef, isKnownEntity, parseRow, syncedTables } from './entities';
import { mergeItemRow } from '../db/mutations/item-order';
import { rebase, refKey } from './rebase';
import { CURSOR_KEY, LAST_ACKED_MID_KEY, readNumber, RESET_REBASE_KEY } from './sync-meta';

export interface ApplyInput {
	changes: Change[];
	/** This client's highest mid the relay applied or rejected. */
	lastMid: number;
	/** The cursor to store with the rows; omitted for repairs outside the pull order. */
	cursor?: number;
	/** The last page of a pull (ends a reset: every pending mutation is re-applied). */
	isLast?: boolean;
}

export interface ApplyResult {
	/** Thumbnail hashes of the image rows stored. */
	thumbHashes: string[];
	rebased: number;
}

/** The list under `key`, made on first use. */
function listOf<T>(map: Map<string, T[]>, key: string): T[] {
	let list = map.get(key);
	if (!list) map.set(key, (list = []));
	return list;
}

/** The transaction's scope: every table a pull or a re-applied mutation writes. */
export const applyScope = (db: StudioDB) => [
	...syncedTables(db),
	db.outbox,
	db.meta,
	db.unknownRows
];

/**
 * Stores one page (or repaired rows) atomically; a failure leaves rows, outbox and cursor untouched.
 * @throws {StorageFullError} when the device is out of space.
 */
export function applyChanges(db: StudioDB, input: ApplyInput): Promise<ApplyResult> {
	return guardStorage(() =>
		db.transaction('rw', applyScope(db), async () => {
			const overwritten = new Set<string>();
			const thumbHashes: string[] = [];
			const latest = new Map<string, Change>();
			for (const change of input.changes) latest.set(refKey(change.entity, change.id), change);
			const puts = new Map<string, Record<string, unknown>[]>();
			const deletes = new Map<string, unknown[]>();
			for (const change of latest.values()) {
				if (!isKnownEntity(change.entity)) {
					// A later app version knows it: keep it raw, never drop it (SYNC §4.5).
					if ('deleted' in change) await db.unknownRows.delete([change.entity, change.id]);
					else
						await db.unknownRows.put({
							entity: change.entity,
							id: change.id,
							seq: change.seq,
							row: change.row
						});
					continue;
				}
				const def = entityDef(change.entity);
				if ('deleted' in change) {
					listOf(deletes, change.entity).push(def.key(change.id));
				} else {
					const row = parseRow(change.entity, change.id, change.row);
					if (!row) {
						await db.unknownRows.put({
							entity: change.entity,
							id: change.id,
							seq: change.seq,
							row: change.row
						});
						continue;
					}
					listOf(puts, change.entity).push(row);
					if (change.entity === 'image') thumbHashes.push(String(row.thumbSha256));
				}
				overwritten.add(refKey(change.entity, change.id));
			}
			for (const [entity, keys] of deletes)
				await entityDef(entity as never)
					.table(db)
					.bulkDelete(keys);
			for (const [entity, rows] of puts) {
				const table = entityDef(entity as never).table(db);
				if (entity === 'jobItem') {
					const locals = await db.jobItems.bulkGet(rows.map((row) => String(row.id)));
					await table.bulkPut(
						rows.map((row, i) => mergeItemRow(locals[i], row as unknown as JobItemRow))
					);
				} else await table.bulkPut(rows);
			}
			const acked = Math.max(await readNumber(db, LAST_ACKED_MID_KEY), input.lastMid);
			await db.outbox.where('mid').belowOrEqual(acked).delete();
			const resetting = (await db.meta.get(RESET_REBASE_KEY))?.value === true;
			let rebased = 0;
			if (!resetting || input.isLast) {
				const pending = await db.outbox.orderBy('mid').toArray();
				rebased = await rebase(db, pending, resetting ? 'all' : overwritten);
				if (resetting) await db.meta.delete(RESET_REBASE_KEY);
			}
			await db.meta.put({ key: LAST_ACKED_MID_KEY, value: acked });
			if (input.cursor !== undefined) await db.meta.put({ key: CURSOR_KEY, value: input.cursor });
			return { thumbHashes, rebased };
		})
	);
}

/**
 * Starts over after the relay purged tombstones past our cursor (SYNC §4.5 reset): clears the
 * synced tables, keeps the outbox, cursor 0; the last page of the next pull re-applies the outbox.
 */
export function startReset(db: StudioDB): Promise<void> {
	return db.transaction('rw', applyScope(db), async () => {
		for (const table of [...syncedTables(db), db.unknownRows]) await table.clear();
		await db.meta.put({ key: CURSOR_KEY, value: 0 });
		await db.meta.put({ key: RESET_REBASE_KEY, value: true });
	});
}
