/**
 * What a mutation handler gets (the transaction, who pushed it, the server clock) and how it
 * refuses for good. Contract: a handler throws `MutationRejected` only BEFORE its first write (the
 * push runs without savepoints on its fast path); any other error is not the handler's to judge.
 */
import type { z } from 'zod';
import type { Db } from '../../db/client';

/** Codes of a permanent refusal (SYNC §4.4). */
export type RejectionCode = 'INVALID' | 'NOT_FOUND' | 'DELETED' | 'CONFLICT' | 'UNKNOWN_MUTATION';

/** A permanent refusal of one mutation: recorded as rejected, lastMid moves past it. */
export class MutationRejected extends Error {
	constructor(
		readonly code: RejectionCode,
		message: string
	) {
		super(message);
	}
}

/** What every handler runs with. */
export interface MutationContext {
	/** The push transaction (inside a savepoint for this mutation). */
	db: Db;
	userId: string;
	clientId: string;
	mid: number;
	/** Server time (ms); client clocks decide nothing. */
	now: number;
}

/** A named mutation: its argument schema (shared with the app) and what it does on the relay. */
export interface MutationHandler<S extends z.ZodType = z.ZodType> {
	args: S;
	apply(ctx: MutationContext, args: z.output<S>): Promise<void>;
}

/** Pairs an argument schema with its handler, typed by the schema's output. */
export function defineHandler<S extends z.ZodType>(
	args: S,
	apply: (ctx: MutationContext, args: z.output<S>) => Promise<void>
): MutationHandler {
	return { args, apply };
}

/** The refusal for a row that is not live: unknown → NOT_FOUND, in the Trash or discarded → DELETED. */
export function notLive(
	state: 'missing' | 'live' | 'trashed' | 'discarded',
	what: string
): MutationRejected {
	if (state === 'missing') return new MutationRejected('NOT_FOUND', `No such ${what}.`);
	return new MutationRejected(
		'DELETED',
		`The ${what} is ${state === 'trashed' ? 'in the Trash' : 'deleted'}; restore it first.`
	);
}
