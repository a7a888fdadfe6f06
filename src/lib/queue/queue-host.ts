/**
 * What the queue worker exposes (through comlink): one leader per browser profile runs the
 * scheduler (Web Locks, SYNC §4.11); other tabs' workers wait for the lock and take over when
 * the leader's tab closes. Any tab may wake the leader with `kick()` (BroadcastChannel). Plain
 * TypeScript with its browser parts passed in, so it is tested without a Worker.
 */
import { StudioDB } from '../db/database';
import { live } from '../db/live';
import type { ErrorCode } from '../shared/protocol';
import type { JobRow } from '../shared/schemas/rows';
import { getClientId } from '../sync/client-id';
import { SyncLoop, type SyncLoopOptions } from '../sync/sync-loop';
import type { SyncTransport } from '../sync/transport';
import { QueueScheduler, type QueueRelay, type SchedulerPhase } from './scheduler';

/** A finished job as the main thread hears of it. */
export interface FinishedJob {
	id: string;
	name: string;
	kind: JobRow['kind'];
}

/** Callbacks from the worker to its tab (comlink proxies); only the leader's fire. */
export interface QueueHostHooks {
	onLeader?(isLeader: boolean): void;
	onPhase?(phase: SchedulerPhase): void;
	onBalance?(credits: number): void;
	onItemFailed?(kind: JobRow['kind'], code: ErrorCode): void;
	onJobFinished?(job: FinishedJob): void;
	onJobPaused?(job: FinishedJob, code: ErrorCode): void;
	onSettled?(): void;
	/** An error the tab should show: one of our codes (or STORAGE_FULL), and the detail for the log. */
	onError?(code: string, detail: string): void;
}

/** The parts of the browser the host uses. */
export interface QueueHostEnvironment {
	relay: QueueRelay;
	/** Web Locks (`navigator.locks`), or null where the browser has none. */
	locks: {
		request(
			name: string,
			options: { signal?: AbortSignal },
			granted: () => Promise<void>
		): Promise<unknown>;
	} | null;
	isOnline(): boolean;
	openChannel(name: string): Pick<BroadcastChannel, 'postMessage' | 'close'> & {
		onmessage: ((event: MessageEvent) => void) | null;
	};
	openDb?(name: string): StudioDB;
	/** The relay's sync calls; without it the leader runs the queue only (no sync). */
	sync?: { transport: SyncTransport; evictOriginals?: SyncLoopOptions['evictOriginals'] };
}

export class QueueHost {
	readonly #env: QueueHostEnvironment;
	#scheduler: QueueScheduler | null = null;
	#sync: SyncLoop | null = null;
	#offOutbox: (() => void) | null = null;
	#db: StudioDB | null = null;
	#channel: ReturnType<QueueHostEnvironment['openChannel']> | null = null;
	#release: (() => void) | null = null;
	#abort: AbortController | null = null;
	#online: boolean | null = null;

	constructor(env: QueueHostEnvironment) {
		this.#env = env;
	}

	/**
	 * Joins the election for this database (`nbs-<userId>`); runs the queue once elected, until
	 * {@link stop}. Resolves at once.
	 */
	async start(dbName: string, hooks: QueueHostHooks): Promise<void> {
		await this.stop();
		const abort = new AbortController();
		this.#abort = abort;
		this.#channel = this.#env.openChannel(`${dbName}:queue`);
		this.#channel.onmessage = () => {
			this.#scheduler?.rescan();
			void this.#sync?.trigger();
		};
		const lead = async () => {
			if (abort.signal.aborted) return;
			const db = (this.#env.openDb ?? ((name) => new StudioDB(name)))(dbName);
			db.on('versionchange', () => void this.stop()); // a newer app version upgrades the database
			this.#db = db;
			const isOnline = () => this.#online ?? this.#env.isOnline();
			const sync = this.#env.sync ? await this.#startSync(db, isOnline, hooks) : null;
			if (abort.signal.aborted) return;
			// The scheduler sends a job's items only once its job.create has reached the relay.
			const beforeSubmit = sync ? () => sync.flushPush() : undefined;
			this.#scheduler = new QueueScheduler({
				db,
				relay: this.#env.relay,
				isOnline,
				hooks: schedulerHooks(hooks, db),
				beforeSubmit
			});
			hooks.onLeader?.(true);
			this.#scheduler.start();
			sync?.start();
			await new Promise<void>((resolve) => {
				this.#release = resolve;
				abort.signal.addEventListener('abort', () => resolve());
			});
		};
		if (!this.#env.locks) {
			void lead(); // no Web Locks: every tab runs it; duplicate submits are harmless (same ids)
			return;
		}
		hooks.onLeader?.(false);
		this.#env.locks
			.request(`${dbName}:queue-leader`, { signal: abort.signal }, lead)
			.catch(() => undefined);
	}

	/** Wakes the scheduler here and in the leader tab (after a new job or a steering action). */
	kick(): void {
		this.#scheduler?.rescan();
		this.#channel?.postMessage('kick');
	}

	/** The tab's view of the connection (the page's `online`/`offline` events are the reliable ones). */
	setOnline(online: boolean): void {
		this.#online = online;
		if (online) {
			this.#scheduler?.kick();
			void this.#sync?.trigger();
		}
	}

	/** Syncs now, here or in the leader tab (the tab calls it when it becomes visible or focused). */
	syncNow(): void {
		void this.#sync?.trigger();
		this.#channel?.postMessage('sync');
	}

	/** The sync loop beside the scheduler: woken by any tab's outbox write (Dexie live query). */
	async #startSync(
		db: StudioDB,
		isOnline: () => boolean,
		hooks: QueueHostHooks
	): Promise<SyncLoop> {
		const sync = new SyncLoop({
			db,
			transport: this.#env.sync!.transport,
			clientId: await getClientId(db),
			isOnline,
			evictOriginals: this.#env.sync!.evictOriginals,
			hooks: {
				onPage: (page) => {
					this.#scheduler?.rescan();
					hooks.onBalance?.(page.credits);
				},
				onError: (code, detail) => hooks.onError?.(code, detail)
			}
		});
		this.#sync = sync;
		let lastMid = -1;
		const watch = live(async () => (await db.outbox.orderBy('mid').last())?.mid ?? 0).subscribe({
			next: (mid) => {
				if (lastMid >= 0 && mid > lastMid) void sync.trigger();
				lastMid = Math.max(lastMid, mid);
			},
			error: () => undefined
		});
		this.#offOutbox = () => watch.unsubscribe();
		return sync;
	}

	/** Steps down: stops scheduling, closes the database and lets another tab lead. */
	async stop(): Promise<void> {
		this.#abort?.abort();
		this.#abort = null;
		this.#offOutbox?.();
		this.#offOutbox = null;
		await this.#sync?.stop();
		this.#sync = null;
		this.#scheduler?.stop();
		await this.#scheduler?.settle();
		this.#scheduler = null;
		this.#release?.();
		this.#release = null;
		this.#db?.close();
		this.#db = null;
		this.#channel?.close();
		this.#channel = null;
	}

	get isLeader(): boolean {
		return this.#scheduler !== null;
	}
}

const finished = (job: JobRow): FinishedJob => ({ id: job.id, name: job.name, kind: job.kind });

function schedulerHooks(
	hooks: QueueHostHooks,
	db: StudioDB
): ConstructorParameters<typeof QueueScheduler>[0]['hooks'] {
	return {
		onPhase: (phase) => hooks.onPhase?.(phase),
		onBalance: (credits) => hooks.onBalance?.(credits),
		onItemFailed: (item, code) => {
			void db.jobs.get(item.jobId).then(
				(job) => hooks.onItemFailed?.(job?.kind ?? 'single', code),
				() => undefined
			);
		},
		onJobFinished: (job) => hooks.onJobFinished?.(finished(job)),
		onJobPaused: (job, code) => hooks.onJobPaused?.(finished(job), code),
		onSettled: () => hooks.onSettled?.(),
		onError: (error) => {
			const name = (error as { name?: string } | null)?.name;
			const code =
				name === 'StorageFullError'
					? 'STORAGE_FULL'
					: ((error as { data?: { errorCode?: string } })?.data?.errorCode ?? 'INTERNAL');
			hooks.onError?.(
				code,
				error instanceof Error ? `${error.name}: ${error.message}` : String(error)
			);
		}
	};
}
