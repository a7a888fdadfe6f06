/** The shape of a named mutation and the error it throws when it cannot apply. */
import type { Table } from 'dexie';
import type { z } from 'zod';
import type { StudioDB } from '../database';
import type { Entity } from '../../shared/schemas/sync';

/** Why a mutation was refused; nothing was written. */
export type MutationErrorCode = 'INVALID' | 'NOT_FOUND' | 'DELETED';

/** Thrown by {@link mutate} when a mutation is refused; the whole transaction is rolled back. */
export class MutationError extends Error {
	constructor(
		readonly mutation: string,
		readonly code: MutationErrorCode,
		message: string
	) {
		super(`${mutation}: ${message}`);
		this.name = 'MutationError';
	}
}

/** A synced row a mutation touches, as pull names it (`collectionImage` ids are `collectionId:imageId`). */
export interface MutationTarget {
	entity: Entity;
	id: string;
}

/** One named mutation: its argument schema, the tables it writes, and its local effect. */
export interface MutationDef<S extends z.ZodType> {
	schema: S;
	/**
	 * The rows the mutation changes. The pull rebase re-applies a pending mutation only when one of
	 * them was overwritten by the page (SYNC §4.5), so increments are never counted twice.
	 */
	targets(args: z.output<S>): MutationTarget[];
	tables: (db: StudioDB) => Table[];
	/** Applies the effect; returns the arguments to record in the outbox, or null for a no-op. */
	apply(db: StudioDB, args: z.output<S>, now: number): Promise<unknown>;
	/** Optional bulk form of `apply` for a run of the same mutation (same results, fewer requests). */
	applyMany?(db: StudioDB, args: z.output<S>[], now: number): Promise<unknown[]>;
}
