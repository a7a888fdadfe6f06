/**
 * The trash rules every trashable entity shares (SYNC §4.7, §4.8): delete wins until restore;
 * discard hides a trashed row locally until the relay's tombstone removes it. Builds the
 * delete / restore / discard definitions for one table.
 */
import type { Table } from 'dexie';
import type { z } from 'zod';
import type { Entity } from '../../shared/schemas/sync';
import type { StudioDB } from '../database';
import { MutationError, type MutationDef } from './types';

/** A row that can go to the trash. */
export interface TrashableRow {
	id: string;
	deletedAt: number | null;
	discardedAt?: number | null;
}

/** The part of a Dexie table the lookups need. */
interface RowReader<R> {
	name: string;
	get(id: string): PromiseLike<R | undefined>;
}

type IdSchema = z.ZodType<{ id: string }, { id: string }>;

/** The stored row (trashed or not); an unknown id is refused. */
export async function storedRow<R extends TrashableRow>(
	table: RowReader<R>,
	name: string,
	id: string
): Promise<R> {
	const row = await table.get(id);
	if (!row) throw new MutationError(name, 'NOT_FOUND', `No ${table.name} row ${id}`);
	return row;
}

/** The stored row if it is not in the trash; only restore revives a trashed row. */
export async function liveRow<R extends TrashableRow>(
	table: RowReader<R>,
	name: string,
	id: string
): Promise<R> {
	const row = await storedRow(table, name, id);
	if (row.deletedAt !== null)
		throw new MutationError(name, 'DELETED', `${table.name} row ${id} is in the trash`);
	return row;
}

/** `<prefix>.delete`, `.restore` and `.discard` for one table. */
export function trashMutations<S extends IdSchema>(options: {
	prefix: string;
	entity: Entity;
	schema: S;
	table: (db: StudioDB) => Table;
}) {
	const { prefix, entity, schema, table } = options;
	const tables = (db: StudioDB) => [table(db)];
	const targets = (args: z.output<S>) => [{ entity, id: args.id }];
	const change = (
		db: StudioDB,
		id: string,
		fields: Partial<TrashableRow> & { updatedAt?: number }
	) => table(db).update(id, fields);
	return {
		/** Moves the row to the trash (it still syncs; undo = restore). */
		delete: {
			schema,
			tables,
			targets,
			async apply(db, args, now) {
				const row = await storedRow(table(db), `${prefix}.delete`, args.id);
				if (row.deletedAt !== null) return null;
				await change(db, args.id, { deletedAt: now, discardedAt: null });
				return args;
			}
		} satisfies MutationDef<S>,
		/** Takes the row out of the trash. */
		restore: {
			schema,
			tables,
			targets,
			async apply(db, args, now) {
				const row = await storedRow(table(db), `${prefix}.restore`, args.id);
				if (row.deletedAt === null) return null;
				await change(db, args.id, { deletedAt: null, discardedAt: null, updatedAt: now });
				return args;
			}
		} satisfies MutationDef<S>,
		/** Empties a trashed row out of the trash: hidden here now, dropped when the tombstone arrives. */
		discard: {
			schema,
			tables,
			targets,
			async apply(db, args, now) {
				const row = await storedRow(table(db), `${prefix}.discard`, args.id);
				if (row.deletedAt === null || row.discardedAt != null) return null;
				await change(db, args.id, { discardedAt: now });
				return args;
			}
		} satisfies MutationDef<S>
	};
}
