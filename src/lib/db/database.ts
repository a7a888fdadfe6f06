/**
 * StudioDB: one IndexedDB database per signed-in user (`nbs-<userId>`), the tables of SYNC §4.3.
 * Versions are append-only: never edit an old `version(n)`, add n+1 with an upgrade function.
 * The only module (with the repositories beside it) that imports dexie.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { GenerationParams } from '../shared/schemas/generate';
import { upgradeToV2 } from './upgrades';
import type {
	CollectionImageRow,
	CollectionRow,
	ImageRow,
	JobItemRow,
	JobRow,
	PromptRow
} from '../shared/schemas/rows';
import type { SyncRejection } from '../sync/status';

/** A cached image blob, stored as ArrayBuffer (Safari loses Blob values in some versions). */
export interface BlobRecord {
	sha256: string;
	bytes: ArrayBuffer;
	mime: string;
	kind: 'thumb' | 'original';
	/** 0 while the relay does not have it yet: such blobs are never evicted. */
	uploaded: 0 | 1;
	lastAccessAt: number;
	pinned: 0 | 1;
}

/** A local write waiting to be pushed to the relay (SYNC §4.4). */
export interface OutboxEntry {
	mid: number;
	name: string;
	args: unknown;
	createdAt: number;
	attempts: number;
	lastError: string | null;
}

/**
 * A prompt as last used on the Generate page (local history, never synced). The library's
 * prompts are kept apart in `prompts`; autocomplete offers both.
 */
export interface RecentPromptRecord {
	/** The trimmed prompt text: one record per distinct text. */
	text: string;
	model: string;
	params: Partial<GenerationParams>;
	usedAt: number;
	uses: number;
}

/** A pulled row of an entity this app version does not know: kept for a later version (SYNC §4.5). */
export interface UnknownRow {
	entity: string;
	id: string;
	seq: number;
	row: unknown;
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

export class StudioDB extends Dexie {
	prompts!: EntityTable<PromptRow, 'id'>;
	images!: EntityTable<ImageRow, 'id'>;
	blobs!: EntityTable<BlobRecord, 'sha256'>;
	jobs!: EntityTable<JobRow, 'id'>;
	jobItems!: EntityTable<JobItemRow, 'id'>;
	outbox!: EntityTable<OutboxEntry, 'mid'>;
	meta!: EntityTable<MetaEntry, 'key'>;
	recents!: EntityTable<RecentPromptRecord, 'text'>;
	collections!: EntityTable<CollectionRow, 'id'>;
	collectionImages!: Table<CollectionImageRow, [string, string]>;
	unknownRows!: Table<UnknownRow, [string, string]>;
	syncRejections!: EntityTable<SyncRejection, 'mid'>;

	/** `options` lets tests give each simulated device its own IndexedDB (fake-indexeddb factory). */
	constructor(name: string, options?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
		super(name, options);
		// 2026-11-24: first schema.
		this.version(1).stores({
			prompts: 'id, updatedAt, createdAt, usageCount, category, *tags, favourite, deletedAt',
			images: 'id, createdAt, generationId, model, favourite, deletedAt, sha256',
			blobs: 'sha256, kind, uploaded, lastAccessAt',
			jobs: 'id, state, order, createdAt',
			jobItems: 'id, jobId, state, [jobId+index], nextAttemptAt',
			outbox: 'mid',
			meta: 'key'
		});
		// 2026-11-24: the prompt library (issue 6). Local-only history moves out of the synced
		// `prompts` table into `recents`; see upgradeToV2.
		this.version(2).stores({ recents: 'text, usedAt' }).upgrade(upgradeToV2);
		// 2026-12-01: sync (issue 10). Collections and their members, rows of entities this version
		// does not know (kept, never dropped), and mutations the relay refused (shown to the person).
		// Local-only additions: no upgrade function needed.
		this.version(3).stores({
			collections: 'id, name, updatedAt, deletedAt',
			collectionImages: '[collectionId+imageId], collectionId, imageId',
			unknownRows: '[entity+id], entity',
			syncRejections: 'mid, at'
		});
	}
}

/** The database name of a user's library on this device. */
export function databaseNameFor(userId: string): string {
	return `nbs-${userId}`;
}

/** Opens a user's database (one connection per execution context). */
export function openStudioDB(userId: string): StudioDB {
	return new StudioDB(databaseNameFor(userId));
}
