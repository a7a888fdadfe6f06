/**
 * Pokes (SYNC §4.6): one LISTEN on `nbs_sync` per relay process, fanned out in memory to the
 * subscribers of the user named in each notification. The seq trigger sends the NOTIFY, so every
 * write path (push, generation results, credit grants, other relay processes) pokes. A poke is
 * only a hint: it carries no data, and a lost or doubled one is harmless.
 */
import type { DatabaseHandle } from '../../db/client';
import { userSeq } from '../../db/repositories/sync/clients.repository';

/** The NOTIFY channel of the seq trigger (drizzle/0006); the payload is the user id. */
export const POKE_CHANNEL = 'nbs_sync';

export interface PokeHub {
	/** Calls `onPoke` whenever this user's seq may have moved; returns the unsubscribe. */
	subscribe(userId: string, onPoke: () => void): () => void;
	/** Starts listening (idempotent). */
	start(): Promise<void>;
	stop(): Promise<void>;
}

/** One hub per relay process; `start` issues its single LISTEN. */
export function createPokeHub(database: Pick<DatabaseHandle, 'listen'>): PokeHub {
	const subscribers = new Map<string, Set<() => void>>();
	let unlisten: Promise<() => Promise<void>> | null = null;
	const deliver = (userId: string) => subscribers.get(userId)?.forEach((onPoke) => onPoke());
	return {
		subscribe(userId, onPoke) {
			let set = subscribers.get(userId);
			if (!set) subscribers.set(userId, (set = new Set()));
			set.add(onPoke);
			return () => {
				set.delete(onPoke);
				if (set.size === 0) subscribers.delete(userId);
			};
		},
		start() {
			unlisten ??= database.listen(POKE_CHANNEL, deliver);
			return unlisten.then(() => undefined);
		},
		async stop() {
			const pending = unlisten;
			unlisten = null;
			if (pending) await (await pending)();
		}
	};
}

/**
 * The user's seq now, then again after every poke that moved it, until `signal` aborts. Reads the
 * seq itself (never trusts the notification), so coalesced or doubled pokes cannot mislead it.
 */
export async function* seqChanges(
	deps: { db: DatabaseHandle['db']; pokes: PokeHub },
	userId: string,
	signal?: AbortSignal
): AsyncGenerator<number> {
	let dirty = true;
	let wake: (() => void) | null = null;
	const poke = () => {
		dirty = true;
		wake?.();
	};
	const off = deps.pokes.subscribe(userId, poke);
	signal?.addEventListener('abort', poke);
	try {
		let last = -1;
		while (!signal?.aborted) {
			if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
			wake = null;
			if (signal?.aborted) return;
			dirty = false;
			const seq = await userSeq(deps.db, userId);
			if (seq !== last) {
				last = seq;
				yield seq;
			}
		}
	} finally {
		off();
		signal?.removeEventListener('abort', poke);
	}
}
