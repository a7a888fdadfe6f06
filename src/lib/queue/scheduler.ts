/**
 * The queue's scheduler (DESIGN §5): sends waiting items of runnable jobs to the relay, at most
 * each job's concurrency and never more than the relay lets this user run, polls what the relay
 * is working on, and stores results. Every state lives in Dexie rows, so a reload or a new leader
 * tab resumes from the database alone. Plain TypeScript: runs in the queue worker, and in tests
 * with a fake relay and a fake clock.
 *
 * Item states only move forward: queued → submitted → done | failed | cancelled. A try the relay
 * recorded as failed (retryable) keeps the item `submitted` with `submittedAt = null` and a fresh
 * `requestId` until it is sent again. Only this device's jobs are submitted (SYNC §4.10); results
 * normally arrive through sync, and the slow status poll is a backstop.
 */
import type { StudioDB } from '../db/database';
import { hasBlob } from '../db/blob.repository';
import { completeItem, failItem, updateActiveItem } from '../db/job.repository';
import { isQueuePaused } from '../db/job.repository.steering';
import { mutateOne, MutationError } from '../db/mutations/mutate';
import { getClientId } from '../sync/client-id';
import { relayFailureOf, type RelayFailure } from '../relay/errors';
import { uuidv7 } from '../shared/ids';
import type { ErrorCode } from '../shared/protocol';
import { isSettled, type GenerationStatus } from '../shared/schemas/generate';
import type { JobItemRow, JobRow } from '../shared/schemas/rows';
import { downloadOutputs, toImageRows } from '../services/generation-results';
import { backoffDelay } from './backoff';
import {
	systemClock,
	type QueueClock,
	type QueueRelay,
	type SchedulerHooks,
	type SchedulerOptions,
	type SchedulerPhase
} from './scheduler-types';
import { SettlementWatch } from './settlement-watch';

export {
	systemClock,
	type QueueClock,
	type QueueRelay,
	type SchedulerHooks,
	type SchedulerOptions,
	type SchedulerPhase
} from './scheduler-types';

const STATUS_BATCH = 100;
/** Extra queued items read past the free slots, to see past ones still backing off. */
const LOOKAHEAD = 50;
const NETWORK_RETRY_MS = 3_000;
/** Highest concurrency a job may ask for, and the starting cap. */
export const MAX_CONCURRENCY = 10;
/** Accepted submits in a row before the learned cap is raised by one again. */
const ACCEPTS_TO_RAISE_CAP = 20;
/** Relay refusals that only say "not now": they wait and do not use up a try. */
const ADMISSION_CODES: ReadonlySet<string> = new Set(['RATE_LIMITED', 'TOO_MANY_IN_FLIGHT']);

/** Stops the current round: signed out. */
class SignedOut extends Error {}

export class QueueScheduler {
	readonly #db: StudioDB;
	readonly #relay: QueueRelay;
	readonly #clock: QueueClock;
	readonly #random: () => number;
	readonly #isOnline: () => boolean;
	readonly #hooks: SchedulerHooks;
	readonly #pollMs: number;
	readonly #maxAttempts: number;
	readonly #maxCap: number;
	readonly #backstopMs: number;
	readonly #beforeSubmit: (() => Promise<boolean>) | null;
	readonly #settlements: SettlementWatch;
	/** Jobs another device claimed (`jobId:claimEpoch` the relay refused): left to the new owner. */
	readonly #claimedElsewhere = new Set<string>();
	#clientId: string | null = null;
	/** Items with a relay call or a download in progress, by id → job id: never sent twice at once. */
	readonly #busy = new Map<string, string>();
	readonly #calls = new Set<Promise<unknown>>();
	/** Per job, an index below which no item is queued (reset by {@link rescan}). */
	readonly #floors = new Map<string, number>();
	#cap: number;
	#acceptsSinceRefusal = 0;
	#notBefore = 0;
	#nextPollAt = 0;
	#cancelTimer: (() => void) | null = null;
	#roundRunning = false;
	#again = false;
	#stopped = true;
	#phase: SchedulerPhase = 'stopped';

	constructor(options: SchedulerOptions) {
		this.#db = options.db;
		this.#relay = options.relay;
		this.#clock = options.clock ?? systemClock;
		this.#random = options.random ?? Math.random;
		this.#isOnline = options.isOnline ?? (() => true);
		this.#hooks = options.hooks ?? {};
		this.#pollMs = options.pollMs ?? 10_000;
		this.#beforeSubmit = options.beforeSubmit ?? null;
		this.#settlements = new SettlementWatch(this.#db, this.#hooks, () => this.#clock.now());
		this.#maxAttempts = options.maxAttempts ?? 3;
		this.#maxCap = options.maxInFlight ?? MAX_CONCURRENCY;
		this.#cap = this.#maxCap;
		this.#backstopMs = options.backstopMs ?? 5_000;
	}

	/** What the relay currently lets this user run at once, as far as the scheduler knows. */
	get cap(): number {
		return this.#cap;
	}

	get phase(): SchedulerPhase {
		return this.#phase;
	}

	/** Starts (or resumes from Dexie after a reload or a hand-over) working through the queue. */
	start(): void {
		this.#stopped = false;
		this.kick();
	}

	/** Stops scheduling; calls in progress finish and record their outcome. */
	stop(): void {
		this.#stopped = true;
		this.#cancelTimer?.();
		this.#cancelTimer = null;
		this.#setPhase('stopped');
	}

	/** Runs a round now (a new job, `online`, a steering action), or right after the current one. */
	kick(): void {
		if (this.#stopped) return;
		this.#cancelTimer?.();
		this.#cancelTimer = null;
		if (this.#roundRunning) this.#again = true;
		else void this.#loop();
	}

	/** Resolves when no round and no relay call is in progress (tests, benchmarks). */
	async settle(): Promise<void> {
		while (this.#roundRunning || this.#calls.size > 0) {
			await Promise.allSettled([...this.#calls]);
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
	}

	async #loop(): Promise<void> {
		this.#roundRunning = true;
		let wakeAt: number | null = null;
		try {
			wakeAt = await this.round();
		} catch (error) {
			if (error instanceof SignedOut) this.#setPhase('signed-out');
			else this.#report(error);
		} finally {
			this.#roundRunning = false;
		}
		if (this.#stopped) return;
		if (this.#again) {
			this.#again = false;
			void this.#loop();
			return;
		}
		if (this.#phase === 'signed-out') return; // the next sign-in starts a new scheduler
		const now = this.#clock.now();
		const delay = Math.max(0, Math.min(wakeAt ?? Infinity, now + this.#backstopMs) - now);
		const backstop = delay >= this.#backstopMs;
		this.#cancelTimer = this.#clock.setTimer(() => {
			this.#cancelTimer = null;
			if (backstop) this.#floors.clear(); // another tab may have re-queued items below a floor
			this.kick();
		}, delay);
	}

	/**
	 * One round: send what is due within the limits, poll what the relay is working on.
	 * Returns when something is next due (null: only the backstop). Public for tests.
	 */
	async round(): Promise<number | null> {
		const db = this.#db;
		if (!this.#isOnline()) {
			this.#setPhase('offline');
			return null; // `online` kicks us
		}
		const now = this.#clock.now();
		this.#clientId ??= await getClientId(db);
		const [paused, allJobs, allSubmitted] = await Promise.all([
			isQueuePaused(db),
			db.jobs.toArray(),
			db.jobItems.where('state').equals('submitted').toArray()
		]);
		// Only this device's jobs are submitted and polled here; others' progress arrives by sync.
		const mine = new Set(allJobs.filter((job) => this.#owns(job)).map((job) => job.id));
		const jobs = allJobs.filter((job) => job.deletedAt === null && mine.has(job.id));
		const submitted = allSubmitted.filter((item) => mine.has(item.jobId));
		const atRelay = submitted.filter((item) => item.submittedAt !== null);
		this.#settlements.reopened(
			jobs.filter((job) => job.state === 'active' || job.state === 'paused').map((job) => job.id)
		);
		for (const item of atRelay) this.#settlements.watch(item);
		const open = new Set(submitted.map((item) => item.id));
		await this.#settlements.check((id) => open.has(id) || this.#busy.has(id));
		let wakeAt: number | null = null;
		const wake = (at: number) => (wakeAt = wakeAt === null ? at : Math.min(wakeAt, at));
		const started = paused
			? 0
			: await this.#startDue(runOrder(jobs), submitted, atRelay, now, wake);
		this.#setPhase(
			paused
				? 'paused'
				: atRelay.length + started + this.#busy.size > 0 || wakeAt !== null
					? 'running'
					: 'idle'
		);

		const toPoll = atRelay.filter((item) => !this.#busy.has(item.id));
		if (toPoll.length > 0) {
			if (now >= this.#nextPollAt) {
				this.#nextPollAt = now + this.#pollMs;
				for (let start = 0; start < toPoll.length; start += STATUS_BATCH)
					await this.#poll(toPoll.slice(start, start + STATUS_BATCH));
			}
			wake(this.#nextPollAt);
		}
		return wakeAt;
	}

	/**
	 * Forgets where each job's waiting items start, so the next round looks at every item again,
	 * and notices items a pull settled. The sync loop calls it after storing pulled rows.
	 */
	rescan(): void {
		this.#floors.clear();
		this.kick();
	}

	/**
	 * Starts submits for due items, jobs in run order, within each job's and the user's limit.
	 * Reads only a job's first waiting items (from a remembered floor index), not every item.
	 * Returns how many it started.
	 */
	async #startDue(
		jobs: JobRow[],
		submitted: JobItemRow[],
		atRelay: JobItemRow[],
		now: number,
		wake: (at: number) => void
	): Promise<number> {
		const inFlight = new Set([...atRelay.map((item) => item.id), ...this.#busy.keys()]);
		const perJob = new Map<string, number>();
		for (const id of inFlight) {
			const jobId = this.#busy.get(id) ?? atRelay.find((item) => item.id === id)?.jobId;
			if (jobId) perJob.set(jobId, (perJob.get(jobId) ?? 0) + 1);
		}
		if (now < this.#notBefore) {
			wake(this.#notBefore);
			return 0;
		}
		const starts: { item: JobItemRow; job: JobRow; inFlight: number }[] = [];
		for (const job of jobs) {
			const limit = Math.min(job.concurrency, MAX_CONCURRENCY);
			const free = Math.min(limit - (perJob.get(job.id) ?? 0), this.#cap - inFlight.size);
			const resends = submitted.filter(
				(item) => item.jobId === job.id && item.submittedAt === null
			);
			const queued = await this.#firstQueued(job.id, Math.max(free, 0) + LOOKAHEAD);
			const candidates = [...resends, ...queued]
				.filter((item) => !this.#busy.has(item.id))
				.sort((a, b) => a.index - b.index);
			for (const item of candidates) {
				if (item.nextAttemptAt > now) {
					wake(item.nextAttemptAt);
					continue;
				}
				if (inFlight.size >= this.#cap) break;
				if ((perJob.get(job.id) ?? 0) >= limit) break;
				inFlight.add(item.id);
				perJob.set(job.id, (perJob.get(job.id) ?? 0) + 1);
				starts.push({ item, job, inFlight: inFlight.size });
			}
			if (inFlight.size >= this.#cap) break;
		}
		if (starts.length === 0) return 0;
		if (this.#beforeSubmit && !(await this.#beforeSubmit())) {
			wake(now + NETWORK_RETRY_MS); // e.g. the job is not at the relay yet: try again soon
			return 0;
		}
		for (const { item, job, inFlight: inFlightNow } of starts) {
			this.#settlements.watch(item);
			this.#track(item, () => this.#submit(item, job, inFlightNow));
		}
		return starts.length;
	}

	/** Whether this device submits the job's items: it owns the job (null: made before sync) and was not fenced off. */
	#owns(job: JobRow): boolean {
		const owner = job.ownerClientId ?? null;
		return (
			(owner === null || owner === this.#clientId) &&
			!this.#claimedElsewhere.has(`${job.id}:${job.claimEpoch ?? 0}`)
		);
	}

	/** A job's queued items in index order, at most `limit`, starting at its remembered floor. */
	async #firstQueued(jobId: string, limit: number): Promise<JobItemRow[]> {
		const floor = this.#floors.get(jobId) ?? 0;
		const rows = await this.#db.jobItems
			.where('[jobId+index]')
			.between([jobId, floor], [jobId, Infinity], true, true)
			.filter((item) => item.state === 'queued')
			.limit(limit)
			.toArray();
		this.#floors.set(jobId, rows[0]?.index ?? floor);
		return rows;
	}

	/** Marks the item busy for the length of `work`, then wakes the loop. */
	#track(item: JobItemRow, work: () => Promise<void>): void {
		this.#busy.set(item.id, item.jobId);
		const call = work()
			.catch((error: unknown) => {
				if (error instanceof SignedOut) this.#setPhase('signed-out');
				else this.#report(error);
			})
			.finally(() => {
				this.#busy.delete(item.id);
				this.#calls.delete(call);
				if (this.#phase !== 'signed-out') this.kick();
			});
		this.#calls.add(call);
	}

	async #submit(item: JobItemRow, job: JobRow, inFlightNow: number): Promise<void> {
		const { model, prompt, params, sourceHashes } = item;
		const id = item.requestId ?? item.id;
		let status: GenerationStatus;
		try {
			status = await this.#relay.submit({
				id,
				model,
				prompt,
				params,
				sourceHashes,
				itemId: item.id,
				claimEpoch: job.claimEpoch ?? 0
			});
		} catch (error) {
			return this.#submitFailed(item, job, error, inFlightNow);
		}
		this.#acceptsSinceRefusal += 1;
		if (this.#acceptsSinceRefusal >= ACCEPTS_TO_RAISE_CAP && this.#cap < this.#maxCap) {
			this.#cap += 1;
			this.#acceptsSinceRefusal = 0;
		}
		if (status.balance !== undefined) this.#hooks.onBalance?.(status.balance);
		const now = this.#clock.now();
		// A first send is a new try; a resend (lost answer, retry with a fresh id) was counted already.
		const attempts = item.state === 'queued' ? item.attempts + 1 : item.attempts;
		await updateActiveItem(this.#db, item, {
			state: 'submitted',
			submittedAt: now,
			attempts,
			error: null,
			updatedAt: now
		});
		if (isSettled(status.status))
			await this.#settleItem({ ...item, state: 'submitted', attempts }, status);
	}

	/**
	 * Offline or relay down: wait and resend. "Not now" (rate limit, too many at once): wait as
	 * told, lower the cap. Not enough credits: pause the job. Other retryable: back off, at most
	 * `maxAttempts` tries. Anything else: the item fails.
	 */
	async #submitFailed(
		item: JobItemRow,
		job: JobRow,
		error: unknown,
		inFlightNow: number
	): Promise<void> {
		const failure = this.#classify(error);
		const now = this.#clock.now();
		const wait = (ms: number) => updateActiveItem(this.#db, item, { nextAttemptAt: now + ms });
		if (failure.code === 'JOB_CLAIMED_ELSEWHERE') {
			// Another device took over this batch: its items are the new owner's now; nothing failed.
			this.#claimedElsewhere.add(`${job.id}:${job.claimEpoch ?? 0}`);
			return;
		}
		if (failure.code === 'NETWORK') {
			await wait(NETWORK_RETRY_MS);
			return;
		}
		if (ADMISSION_CODES.has(failure.code)) {
			this.#acceptsSinceRefusal = 0;
			if (failure.code === 'TOO_MANY_IN_FLIGHT')
				this.#cap = Math.max(1, Math.min(this.#cap, inFlightNow - 1));
			const delay = backoffDelay(1, failure.retryAfterMs ?? 1_000, this.#random);
			if (failure.code === 'RATE_LIMITED') this.#notBefore = Math.max(this.#notBefore, now + delay);
			await wait(delay);
			return;
		}
		if (failure.code === 'INSUFFICIENT_CREDITS') {
			const message = error instanceof Error ? error.message : failure.code;
			await updateActiveItem(this.#db, item, {
				error: { code: failure.code as ErrorCode, message }
			});
			await this.#pauseJob(job.id, now);
			this.#hooks.onJobPaused?.(job, 'INSUFFICIENT_CREDITS');
			return;
		}
		const attempts = item.attempts + 1;
		const code = failure.code as ErrorCode;
		if (failure.retryable && attempts < this.#maxAttempts) {
			const nextAttemptAt = now + backoffDelay(attempts, failure.retryAfterMs, this.#random);
			await updateActiveItem(this.#db, item, {
				attempts,
				nextAttemptAt,
				error: { code, message: messageOf(error) },
				updatedAt: now
			});
			return;
		}
		await this.#fail({ ...item, attempts }, code, messageOf(error));
	}

	async #poll(items: JobItemRow[]): Promise<void> {
		for (const item of items) this.#busy.set(item.id, item.jobId);
		try {
			let statuses: GenerationStatus[];
			try {
				statuses = await this.#relay.statuses(items.map((item) => item.requestId ?? item.id));
			} catch (error) {
				if (this.#classify(error).retryable) return; // asked again next poll
				throw error;
			}
			const byId = new Map(statuses.map((status) => [status.id, status]));
			const now = this.#clock.now();
			let settled = false;
			for (const item of items) {
				const status = byId.get(item.requestId ?? item.id);
				// Unknown to the relay (the submit never arrived): send again under the same id.
				if (!status)
					await updateActiveItem(this.#db, item, {
						submittedAt: null,
						nextAttemptAt: now,
						updatedAt: now
					});
				else if (isSettled(status.status))
					settled = (await this.#settleItem(item, status)) || settled;
			}
			if (settled) this.#hooks.onSettled?.();
		} finally {
			for (const item of items) this.#busy.delete(item.id);
		}
	}

	/** Stores a finished try: images and bytes (done), a retry (retryable failure), or a failure. */
	async #settleItem(item: JobItemRow, status: GenerationStatus): Promise<boolean> {
		const now = this.#clock.now();
		if (status.status === 'failed') {
			const error = status.error ?? {
				code: 'INTERNAL' as const,
				message: 'Generation failed',
				retryable: true,
				retryAfterMs: null
			};
			if (error.retryable && item.attempts < this.#maxAttempts) {
				// The relay keeps this try's outcome under its id: the next try needs a new one.
				const nextAttemptAt = now + backoffDelay(item.attempts, error.retryAfterMs, this.#random);
				await updateActiveItem(this.#db, item, {
					attempts: item.attempts + 1,
					requestId: uuidv7(now),
					submittedAt: null,
					nextAttemptAt,
					error: { code: error.code, message: error.message },
					updatedAt: now
				});
				return false;
			}
			return this.#fail(item, error.code, error.message);
		}
		const blobs = await downloadOutputs({
			status,
			now,
			fetchBlob: (sha) => this.#relay.fetchBlob(sha),
			hasBlob: (sha) => hasBlob(this.#db, sha)
		});
		if (!blobs) return false; // relay unreachable: poll and download again next round
		const moved = await completeItem(
			this.#db,
			item,
			{ images: toImageRows(status, now), blobs },
			now
		);
		if (moved) await this.#settlements.announce({ ...item, state: 'done' });
		return moved;
	}

	async #fail(item: JobItemRow, code: ErrorCode, message: string): Promise<boolean> {
		const moved = await failItem(this.#db, item, { code, message }, this.#clock.now());
		if (moved)
			await this.#settlements.announce({ ...item, state: 'failed', error: { code, message } });
		return moved;
	}

	/** Pauses a job the balance cannot pay for: a synced `job.patch`, so every device shows it paused. */
	async #pauseJob(jobId: string, now: number): Promise<void> {
		try {
			await mutateOne(this.#db, 'job.patch', { id: jobId, fields: { state: 'paused' } }, now);
		} catch (error) {
			// Deleted meanwhile (another device): nothing left to pause.
			if (!(error instanceof MutationError)) throw error;
		}
	}

	/** Maps a relay failure; signed out stops the round (items wait in Dexie for the next sign-in). */
	#classify(error: unknown): RelayFailure {
		const failure = relayFailureOf(error);
		if (failure.code === 'UNAUTHENTICATED') {
			this.#hooks.onError?.(error);
			throw new SignedOut();
		}
		return failure;
	}

	#report(error: unknown): void {
		if ((error as { name?: string } | null)?.name === 'DatabaseClosedError') return;
		this.#hooks.onError?.(error);
	}

	#setPhase(phase: SchedulerPhase): void {
		if (phase === this.#phase) return;
		this.#phase = phase;
		this.#hooks.onPhase?.(phase);
	}
}

/** Jobs in the order they run: single generations from the Generate page first, then by `order`. */
export function runOrder(jobs: JobRow[]): JobRow[] {
	return jobs
		.filter((job) => job.state === 'active')
		.sort((a, b) => Number(b.kind === 'single') - Number(a.kind === 'single') || a.order - b.order);
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
