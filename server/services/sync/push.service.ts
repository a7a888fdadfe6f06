/**
 * sync.push (SYNC §4.4): applies a client's named mutations exactly once per (client, mid), in one
 * transaction. Duplicates are skipped, a gap stops the push, a permanent failure is undone and
 * recorded as rejected (last_mid still moves), anything transient aborts it all.
 * Fast path without savepoints (handlers refuse before writing); a database error in it reruns
 * the whole push with one savepoint per mutation, which undoes exactly the failed one.
 */
import { findRefusedText, printable, refusedTextMessage } from '../../http/refused-text';
import {
	SYNC_SCHEMA_MAX,
	SYNC_SCHEMA_MIN,
	type PushInput,
	type PushResult,
	type RejectedMutation
} from '#shared/schemas/sync';
import type { Db } from '../../db/client';
import {
	finishPush,
	lockClient,
	lockUserSeq,
	type LogEntry
} from '../../db/repositories/sync/clients.repository';
import { AppError, appError } from '../app-error';
import { MUTATION_HANDLERS } from './handlers';
import { MutationRejected } from './mutation-context';
import { insertCreateRun, MIN_BULK_RUN } from './prompt-create-run';

export interface PushDeps {
	db: Db;
	now: () => number;
}

/** The schema window check shared by push and pull: outside it the client must reload (HTTP 426). */
export function assertSchemaSupported(schemaVersion: number): void {
	if (schemaVersion < SYNC_SCHEMA_MIN || schemaVersion > SYNC_SCHEMA_MAX) {
		throw appError(
			'CLIENT_TOO_OLD',
			`This app version speaks sync schema ${schemaVersion}; the relay supports ${SYNC_SCHEMA_MIN}–${SYNC_SCHEMA_MAX}. Reload to update.`
		);
	}
}

/** SQLSTATE classes that mean "this mutation can never apply" (bad data, a broken constraint). */
function isPermanentDbError(error: unknown): boolean {
	for (
		let e = error as { code?: unknown; cause?: unknown } | undefined;
		e;
		e = e.cause as typeof e
	) {
		if (typeof e.code === 'string' && /^(22|23)/.test(e.code)) return true;
	}
	return false;
}

/** The args as the log can store them: Postgres text and jsonb cannot hold U+0000, so it becomes U+FFFD. */
function storable(value: unknown): unknown {
	// NUL and lone surrogates have no place in PostgreSQL text (http/refused-text.ts); keep a readable trace instead.
	if (typeof value === 'string') return printable(value);
	if (Array.isArray(value)) return value.map(storable);
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [storable(k) as string, storable(v)])
		);
	return value;
}

/** Thrown out of the fast path when a mutation broke the transaction: rerun with savepoints. */
class NeedsSavepoints extends Error {}

/** Applies a push for `userId` (the session's user, never the input's). */
export async function pushMutations(
	deps: PushDeps,
	userId: string,
	input: PushInput
): Promise<PushResult> {
	assertSchemaSupported(input.schemaVersion);
	try {
		return await runPush(deps, userId, input, false);
	} catch (error) {
		if (!(error instanceof NeedsSavepoints)) throw error;
		return runPush(deps, userId, input, true);
	}
}

async function runPush(
	deps: PushDeps,
	userId: string,
	input: PushInput,
	careful: boolean
): Promise<PushResult> {
	const mutations = [...input.mutations].sort((a, b) => a.mid - b.mid);
	try {
		return await deps.db.transaction(async (tx) => {
			const db = tx as unknown as Db;
			const now = deps.now();
			const client = await lockClient(db, {
				clientId: input.clientId,
				userId,
				schemaVersion: input.schemaVersion,
				now
			});
			if (client.userId !== userId)
				throw appError('CLIENT_OF_OTHER_USER', 'This device is registered to another account.');
			await lockUserSeq(db, userId);
			let lastMid = client.lastMid;
			let gap = false;
			const rejected: RejectedMutation[] = [];
			const log: Omit<LogEntry, 'seq'>[] = [];
			const who = { userId, clientId: input.clientId, now };
			// Runs of prompt.create go in bulk when the loop reaches them (fast path only).
			const runs = careful
				? new Map<number, PushInput['mutations']>()
				: createRuns(mutations, lastMid);
			const bulkApplied = new Set<number>();
			for (const mutation of mutations) {
				if (mutation.mid <= lastMid) continue;
				if (mutation.mid > lastMid + 1) {
					gap = true;
					break;
				}
				const run = runs.get(mutation.mid);
				if (run) {
					const left = await insertCreateRun(db, who, run);
					for (const m of run) if (!left.has(m.mid)) bulkApplied.add(m.mid);
				}
				const refusal = bulkApplied.has(mutation.mid)
					? null
					: await applyOne(db, who, mutation, careful);
				if (refusal) rejected.push({ mid: mutation.mid, name: mutation.name, ...refusal });
				log.push({
					clientId: input.clientId,
					mid: mutation.mid,
					userId,
					name: storable(mutation.name) as string,
					args: storable(mutation.args ?? null),
					status: refusal ? 'rejected' : 'ok',
					error: storable(refusal) as typeof refusal,
					at: now
				});
				lastMid = mutation.mid;
			}
			const seq = await finishPush(db, {
				clientId: input.clientId,
				userId,
				lastMid,
				schemaVersion: input.schemaVersion,
				now,
				log
			});
			// On a gap what came before it is kept; the client resends from lastMid + 1.
			return gap
				? { status: 'gap' as const, lastMid }
				: { status: 'ok' as const, lastMid, seq, rejected };
		});
	} catch (error) {
		if (error instanceof AppError || error instanceof NeedsSavepoints) throw error;
		// Not a refusal of one mutation: the database failed us. Nothing was applied; send it again.
		throw new AppError(
			'RELAY_UNAVAILABLE',
			'The relay could not store these changes right now; they will be sent again.',
			{ cause: error }
		);
	}
}

/**
 * The runs of ≥ MIN_BULK_RUN consecutive `prompt.create` mutations the loop will reach (gap-free
 * after `lastMid`), by the mid of their first mutation.
 */
function createRuns(
	mutations: PushInput['mutations'],
	lastMid: number
): Map<number, PushInput['mutations']> {
	const runs = new Map<number, PushInput['mutations']>();
	let expected = lastMid + 1;
	let run: PushInput['mutations'] = [];
	const close = () => {
		if (run.length >= MIN_BULK_RUN) runs.set(run[0].mid, run);
		run = [];
	};
	for (const mutation of mutations) {
		if (mutation.mid < expected) continue; // a duplicate the loop skips
		if (mutation.mid > expected) break; // a gap: the loop stops there
		expected++;
		if (mutation.name === 'prompt.create') run.push(mutation);
		else close();
	}
	close();
	return runs;
}

/** Runs one mutation (inside a savepoint when `careful`); returns its refusal, or null when it applied. */
async function applyOne(
	db: Db,
	who: { userId: string; clientId: string; now: number },
	mutation: PushInput['mutations'][number],
	careful: boolean
): Promise<{ code: string; message: string } | null> {
	const handler = MUTATION_HANDLERS.get(mutation.name);
	if (!handler)
		return { code: 'UNKNOWN_MUTATION', message: `This relay does not know "${mutation.name}".` };
	// The edge's text rule (trpc/init.ts [Note: One text rule]), here per mutation so one bad row does not block the rest.
	const refused = findRefusedText(mutation.args);
	if (refused)
		return {
			code: 'INVALID',
			message: refusedTextMessage({ ...refused, field: `args.${refused.field}` })
		};
	const parsed = handler.args.safeParse(mutation.args);
	if (!parsed.success)
		return {
			code: 'INVALID',
			message: parsed.error.issues
				.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`)
				.join('; ')
				.slice(0, 500)
		};
	try {
		if (careful)
			await db.transaction((sp) =>
				handler.apply({ db: sp, ...who, mid: mutation.mid }, parsed.data)
			);
		else await handler.apply({ db, ...who, mid: mutation.mid }, parsed.data);
		return null;
	} catch (error) {
		if (error instanceof MutationRejected) return { code: error.code, message: error.message };
		if (!isPermanentDbError(error)) throw error;
		// The failed statement aborted the transaction: start over, this time undoing only this one.
		if (!careful) throw new NeedsSavepoints();
		return { code: 'INVALID', message: 'The relay could not store this change.' };
	}
}
