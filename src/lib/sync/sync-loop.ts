/**
 * The leader's sync loop (SYNC §4.4–§4.6, §4.11): push, then pull, on every trigger (start,
 * online, tab visible, poke ahead of the cursor, a local write, 60 s backstop), at most one round
 * in flight plus one queued. Writes SyncStatus; stops on 426 or sign-out (the outbox is kept).
 */
import type { StudioDB } from '../db/database';
import { backoffDelay } from '../queue/backoff';
import { systemClock, type QueueClock } from '../queue/scheduler';
import { pullAll, type PulledPage } from './pull';
import { pushOutbox } from './push';
import { SyncStatusWriter } from './status-writer';
import { syncFailureOf, type SyncFailure } from './sync-errors';
import { CURSOR_KEY, LAST_ACKED_MID_KEY, readNumber } from './sync-meta';
import { openPokeStream } from './poke';
import { ThumbnailFetcher, type ThumbnailOptions } from './thumbnails';
import type { SyncTransport } from './transport';

/** Time and timers, injectable so tests drive them (the scheduler's clock). */
export type SyncClock = QueueClock;

export const BACKSTOP_MS = 60_000;
/** Fastest rate at which the thumbnails-to-come count is published. */
const THUMB_STATUS_MS = 500;

export interface SyncLoopHooks {
	/** After each stored page (the host rescans the queue and passes on the balance). */
	onPage?(page: PulledPage): void;
	/** Something the tab should show (STORAGE_FULL, or a code with its detail). */
	onError?(code: string, detail: string): void;
}

export interface SyncLoopOptions {
	db: StudioDB;
	transport: SyncTransport;
	clientId: string;
	clock?: SyncClock;
	random?: () => number;
	isOnline?: () => boolean;
	hooks?: SyncLoopHooks;
	evictOriginals?: ThumbnailOptions['evictOriginals'];
	pullLimit?: number;
}

export class SyncLoop {
	readonly #o: SyncLoopOptions;
	readonly #clock: SyncClock;
	readonly #status: SyncStatusWriter;
	readonly #thumbs: ThumbnailFetcher;
	#round: Promise<void> | null = null;
	#queued = false;
	#halted = false;
	#stopped = true;
	#failures = 0;
	#cancelTimer: (() => void) | null = null;
	#thumbCount = 0;
	#cancelThumbReport: (() => void) | null = null;
	#closePokes: (() => void) | null = null;
	/** Serialises pushes between rounds and {@link flushPush}. */
	#lock: Promise<unknown> = Promise.resolve();

	constructor(options: SyncLoopOptions) {
		this.#o = options;
		this.#clock = options.clock ?? systemClock;
		this.#status = new SyncStatusWriter(options.db, () => this.#clock.now());
		this.#thumbs = new ThumbnailFetcher({
			db: options.db,
			fetchBlob: (sha256) => options.transport.fetchBlob(sha256),
			fetchThumbnails: options.transport.fetchThumbnails
				? (hashes) => options.transport.fetchThumbnails!(hashes)
				: undefined,
			evictOriginals: options.evictOriginals,
			onPending: (count) => this.#reportThumbnails(count)
		});
	}

	/**
	 * Publishes the thumbnail count at most every THUMB_STATUS_MS (and at once when it reaches 0):
	 * a status write per thumbnail re-ran every tab's live queries thousands of times in a first sync.
	 */
	#reportThumbnails(count: number): void {
		this.#thumbCount = count;
		if (count === 0) {
			this.#cancelThumbReport?.();
			this.#cancelThumbReport = null;
			void this.#status.update({ thumbnailsPending: 0 });
			return;
		}
		this.#cancelThumbReport ??= this.#clock.setTimer(() => {
			this.#cancelThumbReport = null;
			void this.#status.update({ thumbnailsPending: this.#thumbCount });
		}, THUMB_STATUS_MS);
	}

	get status() {
		return this.#status.current;
	}

	/** Starts: resumes thumbnails, syncs, opens the poke stream. */
	start(): void {
		if (!this.#stopped) return;
		this.#stopped = false;
		this.#halted = false;
		void this.#thumbs.scan().then(
			() => this.#drainThumbnails(),
			() => undefined
		);
		this.#closePokes = openPokeStream({
			transport: this.#o.transport,
			clock: this.#clock,
			random: this.#o.random,
			onPoke: (seq) => void this.#onPoke(seq),
			onOpen: () => void this.trigger()
		});
		// A round records its own failures (#run → #fail); nothing to await here.
		void this.trigger();
	}

	/** Asks for a round; coalesced with the one running. Ignored once stopped or halted. */
	trigger(): Promise<void> {
		if (this.#stopped || this.#halted) return this.#round ?? Promise.resolve();
		if (this.#round) {
			this.#queued = true;
			return this.#round;
		}
		this.#cancelTimer?.();
		this.#round = this.#run().finally(() => {
			this.#round = null;
			if (this.#queued) {
				this.#queued = false;
				void this.trigger();
			}
		});
		return this.#round;
	}

	/** Sends the outbox now (the scheduler calls it before submitting); true when all of it is on the relay. */
	async flushPush(): Promise<boolean> {
		if (this.#stopped || this.#halted) return false;
		try {
			await this.#exclusive(() => pushOutbox({ ...this.#o, now: this.#clock.now }));
		} catch (error) {
			await this.#fail(syncFailureOf(error));
			return false;
		}
		const acked = await readNumber(this.#o.db, LAST_ACKED_MID_KEY);
		return (await this.#o.db.outbox.where('mid').above(acked).count()) === 0;
	}

	/** Stops timers, the poke stream and further rounds; waits for the current round. */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#cancelTimer?.();
		this.#cancelThumbReport?.();
		this.#cancelThumbReport = null;
		this.#closePokes?.();
		this.#closePokes = null;
		await this.#round?.catch(() => undefined);
		await this.#status.flushed();
	}

	async #onPoke(seq: number): Promise<void> {
		if (seq > (await readNumber(this.#o.db, CURSOR_KEY))) void this.trigger();
	}

	#exclusive<T>(run: () => Promise<T>): Promise<T> {
		const next = this.#lock.then(run, run);
		this.#lock = next.catch(() => undefined);
		return next;
	}

	async #run(): Promise<void> {
		if (!(this.#o.isOnline?.() ?? true)) {
			await this.#status.update({ phase: 'offline' });
			return this.#schedule(BACKSTOP_MS);
		}
		await this.#status.update({ phase: 'syncing', lastError: null });
		try {
			await this.#exclusive(async () => {
				await pushOutbox({ ...this.#o, now: this.#clock.now });
				await pullAll({
					...this.#o,
					limit: this.#o.pullLimit,
					onBootstrap: (bootstrap) => this.#status.update({ bootstrap }),
					onPage: async (page) => {
						this.#o.hooks?.onPage?.(page);
						await this.#thumbs.enqueue(page.thumbHashes);
						this.#drainThumbnails();
					}
				});
			});
			this.#failures = 0;
			await this.#status.update({
				phase: 'idle',
				lastSyncedAt: this.#clock.now(),
				lastError: null
			});
			this.#schedule(BACKSTOP_MS);
		} catch (error) {
			await this.#fail(syncFailureOf(error));
		}
	}

	async #fail(failure: SyncFailure): Promise<void> {
		if (failure.kind === 'update-required' || failure.kind === 'signed-out') {
			this.#halted = true; // until the tab reloads or signs in again; the outbox is kept
			this.#cancelTimer?.();
			await this.#status.update({ phase: failure.kind, lastError: failure.message });
			return;
		}
		if (failure.kind === 'storage-full') this.#o.hooks?.onError?.('STORAGE_FULL', failure.message);
		this.#failures++;
		await this.#status.update({
			phase: failure.kind === 'offline' ? 'offline' : 'error',
			lastError: `${failure.code}: ${failure.message}`
		});
		this.#schedule(
			backoffDelay(this.#failures, failure.retryAfterMs, this.#o.random ?? Math.random)
		);
	}

	#schedule(ms: number): void {
		if (this.#stopped || this.#halted) return;
		this.#cancelTimer?.();
		this.#cancelTimer = this.#clock.setTimer(() => void this.trigger(), ms);
	}

	#drainThumbnails(): void {
		void this.#thumbs.drain().catch(async (error: unknown) => {
			this.#o.hooks?.onError?.(
				'STORAGE_FULL',
				error instanceof Error ? error.message : String(error)
			);
			await this.#status.update({
				phase: 'error',
				lastError: 'STORAGE_FULL: thumbnails do not fit on this device'
			});
		});
	}
}
