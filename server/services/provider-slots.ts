/**
 * Global provider concurrency, shared by every relay process through the database: at most N
 * generations are at the providers at once (N from the `globalConcurrency` setting, else env).
 * Submit records a generation `queued` (owned by this relay, which holds the request in memory);
 * the dispatcher — on submit, when a slot frees here (at once, in process) or on another relay (the
 * `nbs_slots` NOTIFY of drizzle/0010's trigger), and on a slow fallback timer while work is
 * queued — takes free slots in one transaction under an advisory lock, picks queued rows fairly (the user
 * with the fewest running first, then the oldest), and starts the ones this relay owns.
 * Queued rows carry a lease the owner renews; the reaper refunds those of a relay that died.
 */
import type { Logger } from '../logger';
import type { DatabaseHandle } from '../db/client';
import type { ImageProvider } from '../providers/provider';
import type { GenerationRow } from '../db/repositories/generations.repository';
import {
	readSetting,
	renewQueuedLeases,
	startQueued,
	withDispatchLock,
	type QueuedSlotRow
} from '../db/repositories/provider-slots.repository';
import type { RelayModel } from './generation-request';
import type { GenerateDeps } from './generate.service';
import { failAndRefund } from './generation-outcome';
import { runGeneration } from './generation-runner';
import { randomBytes } from 'node:crypto';

/** The settings row the admin panel writes: a JSON number 1–10. */
export const GLOBAL_CONCURRENCY_SETTING = 'globalConcurrency';
/** A queued row's lease; the owner renews it well before it runs out. */
export const QUEUED_LEASE_MS = 30_000;
/** Extra time past the deadline before the reaper may treat a running row as orphaned. */
export const LEASE_SLACK_MS = 60_000;
const RENEW_EVERY_MS = 5_000;
/**
 * Fallback: how often a relay with queued work looks for free slots without being told (a lost
 * notification, a raised concurrency setting). Slots freed anywhere wake the dispatcher at once.
 */
const FALLBACK_POLL_MS = 1_000;
/** The NOTIFY channel of a generation leaving `running` (drizzle/0010). */
export const SLOT_FREED_CHANNEL = 'nbs_slots';
/** The setting is re-read at most this often. */
const SETTING_CACHE_MS = 1_000;

export interface QueuedJob {
	row: GenerationRow;
	model: RelayModel;
	provider: ImageProvider;
}

export interface ProviderSlots {
	/** This process's random id, stored as `owner_relay` on the rows it queues. */
	readonly relayId: string;
	/**
	 * Begins the timers and, given `database`, listens for slots freed by other relay processes;
	 * `deps` is what the generations run with.
	 */
	start(deps: GenerateDeps & { database?: Pick<DatabaseHandle, 'listen'> }): void;
	/**
	 * Hands over a generation just recorded `queued` by this relay and runs one dispatch round;
	 * says whether it is now at the provider or still waiting for a slot.
	 */
	enqueue(job: QueuedJob): Promise<'queued' | 'running'>;
	/** One dispatch round (coalesced: a call during a round makes one more round). */
	dispatch(): Promise<void>;
	/** The global cap in force now. */
	concurrency(): Promise<number>;
	/** Generations this relay holds queued. */
	readonly queuedHere: number;
	/** Stops the timers and refunds what this relay still holds queued (shutdown). */
	stop(): Promise<void>;
}

/** Parses the setting; anything but an integer 1–10 is ignored. */
export function parseConcurrencySetting(value: unknown): number | null {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10
		? value
		: null;
}

/**
 * Fair order of queued rows: each row scores its user's running count plus its rank among that
 * user's queued rows, so slots go round-robin from the least-served user; ties go to the oldest.
 */
export function pickFairly(
	queued: QueuedSlotRow[],
	runningByUser: ReadonlyMap<string, number>,
	free: number
): QueuedSlotRow[] {
	if (free <= 0) return [];
	const rank = new Map<string, number>();
	const scored = queued.map((row) => {
		const r = (rank.get(row.userId) ?? 0) + 1;
		rank.set(row.userId, r);
		return { row, score: (runningByUser.get(row.userId) ?? 0) + r };
	});
	scored.sort(
		(a, b) =>
			a.score - b.score ||
			a.row.createdAt - b.row.createdAt ||
			(a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0)
	);
	return scored.slice(0, free).map((s) => s.row);
}

export function createProviderSlots(options: {
	defaultConcurrency: number;
	logger: Logger;
	fallbackPollMs?: number;
}): ProviderSlots {
	const relayId = randomBytes(8).toString('hex');
	const pending = new Map<string, QueuedJob & { seq: number }>();
	let seq = 0;
	let deps: GenerateDeps | null = null;
	let timer: NodeJS.Timeout | null = null;
	let unlisten: Promise<(() => Promise<void>) | null> | null = null;
	let lastRenew = 0;
	let cached: { value: number; at: number } | null = null;
	let current: Promise<void> | null = null;
	let rerun = false;
	const keyOf = (k: { userId: string; id: string }) => `${k.userId}:${k.id}`;
	const need = (): GenerateDeps => {
		if (!deps) throw new Error('provider slots used before start()');
		return deps;
	};

	async function concurrency(): Promise<number> {
		const d = need();
		const now = d.now();
		if (cached && now - cached.at >= 0 && now - cached.at < SETTING_CACHE_MS) return cached.value;
		const value =
			parseConcurrencySetting(await readSetting(d.db, GLOBAL_CONCURRENCY_SETTING)) ??
			options.defaultConcurrency;
		cached = { value, at: now };
		return value;
	}

	/** Fails and refunds what waited past the queue deadline (inside the dispatch round, so never racing a start). */
	async function expireQueued(d: GenerateDeps): Promise<void> {
		const now = d.now();
		for (const [key, job] of pending) {
			if (now - job.row.createdAt < d.queueTimeoutMs) continue;
			pending.delete(key);
			await failAndRefund(d, job.row, {
				code: 'PROVIDER_TIMEOUT',
				message: `Waited more than ${Math.round(d.queueTimeoutMs / 1000)} s for a free provider slot; refunded.`
			});
		}
	}

	async function dispatchOnce(): Promise<void> {
		const d = need();
		if (pending.size === 0) return;
		await expireQueued(d);
		if (pending.size === 0) return;
		const cap = await concurrency();
		const now = d.now();
		const started = await withDispatchLock(d.db, now, async (tx, view) => {
			const mine: QueuedJob[] = [];
			for (const row of pickFairly(view.queued, view.runningByUser, cap - view.running)) {
				// Rows of other relays keep their slot for their owner's next round (fairness over speed).
				if (row.ownerRelay !== relayId) continue;
				const job = pending.get(keyOf(row));
				if (!job) continue;
				if (await startQueued(tx, row, relayId, now, now + d.timeoutMs + LEASE_SLACK_MS))
					mine.push(job);
			}
			return mine;
		});
		for (const job of started) {
			pending.delete(keyOf(job.row));
			run(d, job, now);
		}
	}

	function run(d: GenerateDeps, job: QueuedJob, now: number): void {
		const row: GenerationRow = {
			...job.row,
			status: 'running',
			startedAt: now,
			leaseUntil: now + d.timeoutMs + LEASE_SLACK_MS
		};
		d.inFlight.start(keyOf(row), async (signal) => {
			try {
				await runGeneration(d, { row, model: job.model, provider: job.provider, signal });
			} finally {
				// A slot is free: give it to whoever is next.
				void dispatch();
			}
		});
	}

	function dispatch(): Promise<void> {
		if (current) {
			rerun = true;
			return current;
		}
		current = (async () => {
			do {
				rerun = false;
				try {
					await dispatchOnce();
				} catch (error) {
					need().logger.error({ err: error }, 'provider slot dispatch failed');
				}
			} while (rerun);
		})().finally(() => {
			current = null;
		});
		return current;
	}

	/** Keeps this relay's queued rows alive; forgets the ones that left the queue without us (reaped). */
	async function renew(): Promise<void> {
		const d = need();
		const now = d.now();
		const before = seq;
		const alive = new Set(
			(await renewQueuedLeases(d.db, relayId, now, now + QUEUED_LEASE_MS)).map(keyOf)
		);
		for (const [key, job] of pending) if (job.seq <= before && !alive.has(key)) pending.delete(key);
	}

	async function tick(): Promise<void> {
		if (pending.size === 0) return;
		const now = need().now();
		if (now - lastRenew >= RENEW_EVERY_MS || now < lastRenew) {
			lastRenew = now;
			await renew();
		}
		await dispatch();
	}

	return {
		relayId,
		get queuedHere() {
			return pending.size;
		},
		start(d) {
			deps = d;
			lastRenew = d.now();
			timer ??= setInterval(() => {
				tick().catch((error: unknown) =>
					d.logger.error({ err: error }, 'provider slot renewal failed')
				);
			}, options.fallbackPollMs ?? FALLBACK_POLL_MS);
			timer.unref();
			// Only a relay with queued work has anything to start; the round itself is coalesced.
			const wake = () => {
				if (pending.size > 0) void dispatch();
			};
			unlisten ??= d.database
				? d.database.listen(SLOT_FREED_CHANNEL, wake).catch((error: unknown) => {
						d.logger.error(
							{ err: error },
							'provider slots: LISTEN failed; falling back to polling'
						);
						return null;
					})
				: null;
		},
		async enqueue(job) {
			const key = keyOf(job.row);
			pending.set(key, { ...job, seq: ++seq });
			await dispatch();
			return pending.has(key) ? 'queued' : 'running';
		},
		dispatch,
		concurrency,
		async stop() {
			if (timer) clearInterval(timer);
			timer = null;
			const stopListening = await unlisten;
			unlisten = null;
			await stopListening?.().catch(() => undefined);
			await current;
			if (!deps) return;
			for (const job of [...pending.values()]) {
				pending.delete(keyOf(job.row));
				await failAndRefund(deps, job.row, {
					code: 'RELAY_RESTARTED',
					message: 'The relay shut down before this generation started; it was refunded.'
				}).catch((error: unknown) =>
					deps?.logger.error({ err: error }, 'refund of a queued generation at shutdown failed')
				);
			}
		}
	};
}
