/**
 * Push (SYNC §4.4): sends the outbox in mid order, in chunks the relay accepts, after the source
 * images they point at. Records the acknowledged mid and refused mutations, and repairs rows a
 * refusal left changed. Outbox entries stay until a pull (or repair) stores rows that include them.
 */
import type { OutboxEntry, StudioDB } from '../db/database';
import {
	MAX_PUSH_MUTATIONS,
	MAX_ROWS_REFS,
	SYNC_SCHEMA_VERSION,
	type RejectedMutation
} from '../shared/schemas/sync';
import { applyChanges } from './apply-page';
import { mutationTargets } from '../db/mutations/mutate';
import { refKey } from './rebase';
import { uploadMissingSources } from './source-uploads';
import { LAST_ACKED_MID_KEY, readNumber } from './sync-meta';
import type { SyncTransport } from './transport';

/** About 1 MB per request (SYNC §4.4), measured as JSON. */
const MAX_PUSH_BYTES = 1_000_000;
/** Gap answers in a row before giving up this round (the outbox lacks what the relay asks for). */
const MAX_GAPS = 2;

export interface PushOptions {
	db: StudioDB;
	transport: SyncTransport;
	clientId: string;
	maxMutations?: number;
	now?: () => number;
}

/** The relay asked for mids this device no longer has. */
export class SyncGapError extends Error {
	constructor(lastMid: number) {
		super(`The relay asks for changes after ${lastMid}, which this device no longer has`);
		this.name = 'SyncGapError';
	}
}

/** The next chunk: in mid order after `after`, within the count and size limits. */
async function nextChunk(db: StudioDB, after: number, max: number): Promise<OutboxEntry[]> {
	const entries = await db.outbox.where('mid').above(after).limit(max).toArray();
	let bytes = 0;
	const chunk: OutboxEntry[] = [];
	for (const entry of entries) {
		bytes += JSON.stringify(entry.args ?? null).length + 64;
		if (chunk.length > 0 && bytes > MAX_PUSH_BYTES) break;
		chunk.push(entry);
	}
	return chunk;
}

/**
 * Sends every pending mutation. Returns how many the relay acknowledged.
 * @throws whatever the transport throws (the caller classifies it), or {@link SyncGapError}.
 */
export async function pushOutbox(options: PushOptions): Promise<number> {
	const { db, transport, clientId } = options;
	let acknowledged = 0;
	let gaps = 0;
	for (;;) {
		const acked = await readNumber(db, LAST_ACKED_MID_KEY);
		const chunk = await nextChunk(db, acked, options.maxMutations ?? MAX_PUSH_MUTATIONS);
		if (chunk.length === 0) return acknowledged;
		await uploadMissingSources(db, transport, chunk);
		const result = await transport.push({
			clientId,
			schemaVersion: SYNC_SCHEMA_VERSION,
			mutations: chunk.map(({ mid, name, args }) => ({ mid, name, args }))
		});
		if (result.status === 'gap') {
			// The relay lost mids we thought it had: resend from lastMid + 1 if the outbox still holds them.
			const first = await db.outbox.where('mid').above(result.lastMid).first();
			if (++gaps > MAX_GAPS || first?.mid !== result.lastMid + 1)
				throw new SyncGapError(result.lastMid);
			await db.meta.put({ key: LAST_ACKED_MID_KEY, value: result.lastMid });
			continue;
		}
		gaps = 0;
		acknowledged += chunk.filter((entry) => entry.mid <= result.lastMid).length;
		await recordAck(db, chunk, result.lastMid, result.rejected, options.now?.() ?? Date.now());
		if (result.rejected.length > 0) await repair(options, chunk, result.rejected, result.lastMid);
		if (result.lastMid < chunk[chunk.length - 1].mid)
			throw new Error(`The relay stopped at mid ${result.lastMid}`);
	}
}

/** Stores the acknowledged mid and the refusals, together. */
function recordAck(
	db: StudioDB,
	chunk: OutboxEntry[],
	lastMid: number,
	rejected: RejectedMutation[],
	now: number
): Promise<void> {
	return db.transaction('rw', [db.meta, db.syncRejections], async () => {
		const byMid = new Map(chunk.map((entry) => [entry.mid, entry]));
		await db.syncRejections.bulkPut(
			rejected.map((r) => ({
				mid: r.mid,
				name: r.name,
				args: byMid.get(r.mid)?.args ?? null,
				code: r.code,
				message: r.message,
				at: now
			}))
		);
		const acked = await readNumber(db, LAST_ACKED_MID_KEY);
		await db.meta.put({ key: LAST_ACKED_MID_KEY, value: Math.max(acked, lastMid) });
	});
}

/** Fetches the relay's version of the rows refused mutations touched, so the refused change disappears. */
async function repair(
	options: PushOptions,
	chunk: OutboxEntry[],
	rejected: RejectedMutation[],
	lastMid: number
): Promise<void> {
	const byMid = new Map(chunk.map((entry) => [entry.mid, entry]));
	const refs = new Map<string, { entity: string; id: string }>();
	for (const { mid } of rejected) {
		const entry = byMid.get(mid);
		if (entry)
			for (const target of mutationTargets(entry.name, entry.args))
				refs.set(refKey(target.entity, target.id), target);
	}
	const list = [...refs.values()];
	for (let at = 0; at < list.length; at += MAX_ROWS_REFS) {
		const { changes } = await options.transport.rows({
			clientId: options.clientId,
			schemaVersion: SYNC_SCHEMA_VERSION,
			refs: list.slice(at, at + MAX_ROWS_REFS)
		});
		await applyChanges(options.db, { changes, lastMid });
	}
}
