/**
 * How each synced entity of a pull maps to its Dexie table, row schema and key
 * (`collectionImage` ids are `collectionId:imageId`). Must not write anything.
 */
import type { z } from 'zod';
import type { StudioDB } from '../db/database';
import type { DexieTable } from '../db/table';
import {
	CollectionImageRowSchema,
	CollectionRowSchema,
	ImageRowSchema,
	JobItemRowSchema,
	JobRowSchema,
	PromptRowSchema
} from '../shared/schemas/rows';
import { ENTITIES, type Entity } from '../shared/schemas/sync';

interface EntityDef {
	schema: z.ZodType<Record<string, unknown>>;
	table(db: StudioDB): DexieTable;
	/** The Dexie key of the row with this sync id. */
	key(id: string): unknown;
	/** The sync id of a stored row. */
	idOf(row: Record<string, unknown>): string;
}

const byId = (id: string) => id;
const rowId = (row: Record<string, unknown>) => String(row.id);

const DEFS: Record<Entity, EntityDef> = {
	prompt: { schema: PromptRowSchema, table: (db) => db.prompts, key: byId, idOf: rowId },
	image: { schema: ImageRowSchema, table: (db) => db.images, key: byId, idOf: rowId },
	job: { schema: JobRowSchema, table: (db) => db.jobs, key: byId, idOf: rowId },
	jobItem: { schema: JobItemRowSchema, table: (db) => db.jobItems, key: byId, idOf: rowId },
	collection: {
		schema: CollectionRowSchema,
		table: (db) => db.collections,
		key: byId,
		idOf: rowId
	},
	collectionImage: {
		schema: CollectionImageRowSchema,
		table: (db) => db.collectionImages,
		key: (id) => splitMemberId(id),
		idOf: (row) => `${String(row.collectionId)}:${String(row.imageId)}`
	}
};

/** `collectionId:imageId` → the compound key (ids are UUIDs, so the first colon splits). */
function splitMemberId(id: string): [string, string] {
	const at = id.indexOf(':');
	return at < 0 ? [id, ''] : [id.slice(0, at), id.slice(at + 1)];
}

export function isKnownEntity(entity: string): entity is Entity {
	return (ENTITIES as readonly string[]).includes(entity);
}

/** The mapping of a known entity. */
export function entityDef(entity: Entity): EntityDef {
	return DEFS[entity];
}

/** Every synced table, e.g. for a transaction's scope or a reset. */
export function syncedTables(db: StudioDB): DexieTable[] {
	return ENTITIES.map((entity) => DEFS[entity].table(db));
}

/**
 * A pulled row as stored: validated, defaults filled, fields this version does not know kept on
 * the object (SYNC §4.5). Undefined when it does not parse.
 */
export function parseRow(
	entity: Entity,
	id: string,
	raw: Record<string, unknown>
): Record<string, unknown> | undefined {
	const parsed = DEFS[entity].schema.safeParse(raw);
	if (!parsed.success) return undefined;
	const row = { ...raw, ...parsed.data };
	return DEFS[entity].idOf(row) === id ? row : undefined;
}
