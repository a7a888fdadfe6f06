/**
 * An in-memory relay for sync client tests: follows the push/pull/rows protocol of SYNC §4.4–§4.5
 * (mids exactly once, gaps, rejections, seq order, tombstones, reset after purge) with a tiny
 * server model of the prompt mutations, and serves blobs. A fake of the network only. Tests only.
 */
import { sha256Hex } from '../shared/hash';
import {
	PushInputSchema,
	SYNC_SCHEMA_MAX,
	SYNC_SCHEMA_MIN,
	type Change,
	type PullInput,
	type PullResult,
	type PushInput,
	type PushResult,
	type RejectedMutation,
	type RowsInput
} from '../shared/schemas/sync';
import type { FetchedBlob } from '../relay/blobs';
import { RelayHttpError } from '../relay/errors';
import type { PokeHandlers, SyncTransport } from '../sync/transport';
import { makePrompt } from './factories';
import { relayError } from './fake-relay';

type Row = Record<string, unknown>;
interface Stored {
	entity: string;
	id: string;
	seq: number;
	row: Row | null;
}

export class FakeSyncRelay implements SyncTransport {
	seq = 0;
	minCursor = 0;
	credits = 100;
	readonly lastMids = new Map<string, number>();
	readonly rowsByKey = new Map<string, Stored>();
	readonly blobs = new Map<string, FetchedBlob>();
	/** Every call in order, e.g. 'push:1-3', 'pull:0', 'upload:<sha>'. */
	readonly calls: string[] = [];
	/** Throw this from the next call(s) instead of answering. */
	failNext: Array<() => unknown> = [];
	/** Refuse a mutation for good with this code. */
	rejectIf: (name: string, args: Row) => string | null = () => null;
	/** Hold blob downloads until the test releases them (to watch concurrency). */
	gate: Promise<void> | null = null;
	fetching = 0;
	maxFetching = 0;
	pokeHandlers: PokeHandlers | null = null;

	async push(input: PushInput): Promise<PushResult> {
		const { clientId, schemaVersion, mutations } = PushInputSchema.parse(input);
		this.calls.push(`push:${mutations[0].mid}-${mutations[mutations.length - 1].mid}`);
		this.#maybeFail(schemaVersion);
		let lastMid = this.lastMids.get(clientId) ?? 0;
		const rejected: RejectedMutation[] = [];
		for (const { mid, name, args } of mutations) {
			if (mid <= lastMid) continue;
			if (mid > lastMid + 1) return { status: 'gap', lastMid };
			const code = this.rejectIf(name, args as Row) ?? this.#apply(name, args as Row);
			if (code) rejected.push({ mid, name, code, message: `refused: ${code}` });
			lastMid = mid;
		}
		this.lastMids.set(clientId, lastMid);
		return { status: 'ok', lastMid, seq: this.seq, rejected };
	}

	async pull(input: PullInput): Promise<PullResult> {
		this.calls.push(`pull:${input.cursor}`);
		this.#maybeFail(input.schemaVersion);
		// A pull from 0 sees every live row, so it never needs a reset.
		if (input.cursor > 0 && !input.resetting && input.cursor < this.minCursor)
			return { reset: true, serverTime: 0 };
		const after = [...this.rowsByKey.values()]
			.filter((s) => s.seq > input.cursor)
			.sort((a, b) => a.seq - b.seq);
		const page = after.slice(0, input.limit ?? 500);
		const hasMore = page.length < after.length;
		return {
			reset: false,
			changes: page.map(toChange),
			nextCursor: hasMore ? page[page.length - 1].seq : this.seq,
			hasMore,
			lastMid: this.lastMids.get(input.clientId) ?? 0,
			remaining: input.withTotal ? after.length : null,
			credits: this.credits,
			serverTime: 0,
			schemaWindow: { min: SYNC_SCHEMA_MIN, max: SYNC_SCHEMA_MAX }
		};
	}

	async rows(input: RowsInput) {
		this.calls.push(`rows:${input.refs.length}`);
		this.#maybeFail(input.schemaVersion);
		return {
			changes: input.refs.map(({ entity, id }) =>
				toChange(this.rowsByKey.get(`${entity}:${id}`) ?? { entity, id, seq: this.seq, row: null })
			)
		};
	}

	async missingBlobs(hashes: string[]): Promise<string[]> {
		this.#maybeFail();
		return hashes.filter((hash) => !this.blobs.has(hash));
	}

	async uploadBlob(bytes: ArrayBuffer, mime: string): Promise<void> {
		this.#maybeFail();
		const sha256 = await sha256Hex(bytes);
		this.calls.push(`upload:${sha256}`);
		this.blobs.set(sha256, { bytes, mime });
	}

	async fetchBlob(sha256: string): Promise<FetchedBlob> {
		this.fetching++;
		this.maxFetching = Math.max(this.maxFetching, this.fetching);
		try {
			await this.gate;
			this.#maybeFail();
			const blob = this.blobs.get(sha256);
			if (!blob) throw new RelayHttpError(404, 'GET /blob answered 404');
			return blob;
		} finally {
			this.fetching--;
		}
	}

	subscribePokes(handlers: PokeHandlers) {
		this.pokeHandlers = handlers;
		return { close: () => (this.pokeHandlers = null) };
	}

	/** A write by another device (or the relay itself): stamps the next seq. */
	write(entity: string, id: string, row: Row | null): void {
		this.rowsByKey.set(`${entity}:${id}`, { entity, id, seq: ++this.seq, row });
	}

	/** The purge job: tombstones are gone, cursors below now must reset. */
	purge(): void {
		for (const [key, stored] of this.rowsByKey) if (!stored.row) this.rowsByKey.delete(key);
		this.minCursor = this.seq;
	}

	prompt(id: string): Row | null {
		return this.rowsByKey.get(`prompt:${id}`)?.row ?? null;
	}

	/** The server model of the prompt mutations (SYNC §4.7); returns a rejection code or null. */
	#apply(name: string, args: Row): string | null {
		const id = String(name.startsWith('tag.') ? args.promptId : args.id);
		const row = this.prompt(id);
		if (name === 'prompt.create') {
			const { usageCount, ...fields } = args;
			this.write(
				'prompt',
				id,
				row
					? { ...row, ...fields, usageCount: row.usageCount }
					: { ...makePrompt({ id }), ...fields, usageCount, deletedAt: null }
			);
			return null;
		}
		if (!row) return 'NOT_FOUND';
		const live = row.deletedAt === null;
		const tags = row.tags as string[];
		const next: Row | null =
			name === 'prompt.patch' && live
				? { ...row, ...(args.fields as Row) }
				: name === 'prompt.delete'
					? { ...row, deletedAt: row.deletedAt ?? 1 }
					: name === 'prompt.restore'
						? { ...row, deletedAt: null, discardedAt: null }
						: name === 'prompt.discard'
							? { ...row, discardedAt: 1 }
							: name === 'tag.add' && live
								? { ...row, tags: [...new Set([...tags, String(args.tag)])] }
								: name === 'tag.remove' && live
									? { ...row, tags: tags.filter((tag) => tag !== args.tag) }
									: name === 'prompt.bumpUsage' && live
										? { ...row, usageCount: Number(row.usageCount) + Number(args.by) }
										: null;
		if (!next) return live ? 'UNKNOWN_MUTATION' : 'DELETED';
		this.write('prompt', id, next);
		return null;
	}

	#maybeFail(schemaVersion?: number): void {
		const next = this.failNext.shift();
		if (next) throw next();
		if (
			schemaVersion !== undefined &&
			(schemaVersion < SYNC_SCHEMA_MIN || schemaVersion > SYNC_SCHEMA_MAX)
		)
			throw relayError('CLIENT_TOO_OLD');
	}
}

function toChange(stored: Stored): Change {
	return stored.row
		? { entity: stored.entity, id: stored.id, seq: stored.seq, row: stored.row }
		: { entity: stored.entity, id: stored.id, seq: stored.seq, deleted: true };
}
