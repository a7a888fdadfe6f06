/**
 * Runs single generations from Dexie: submits queued items (id = idempotency key), polls
 * submitted ones until done or failed, then stores images and bytes in one transaction.
 * Item failures are data on the item; only the hooks see errors. See services/CONTEXT.md.
 */
import type { StudioDB } from '../db/database';
import { hasBlob } from '../db/blob.repository';
import { completeItem, createSingleJob, failItem, listActiveItems, updateActiveItem, type SingleJobInput } from '../db/job.repository';
import type { FetchedBlob } from '../relay/blobs';
import { relayFailureOf, type RelayFailure } from '../relay/errors';
import type { ErrorCode } from '../shared/protocol';
import { isSettled, type GenerationStatus, type SubmitGenerationInput } from '../shared/schemas/generate';
import type { JobItemRow } from '../shared/schemas/rows';
import { downloadOutputs, toImageRows } from './generation-results';

/** The relay calls the runner needs (the real ones, or a fake in tests). */
export interface GenerationApi {
	submit(input: SubmitGenerationInput): Promise<GenerationStatus>;
	statuses(ids: string[]): Promise<GenerationStatus[]>;
	fetchBlob(sha256: string): Promise<FetchedBlob>;
}

/** What the runner tells the app; all optional. */
export interface RunnerHooks {
	/** The relay reported the balance after a reservation. */
	onBalance?(credits: number): void;
	/** A generation failed (already refunded by the relay). */
	onItemFailed?(code: ErrorCode): void;
	/** One or more items settled in a round: a good moment to refresh the balance. */
	onSettled?(): void;
	/** Storage full, signed out, or a bug: the runner pauses until the next {@link GenerationRunner.kick}. */
	onError?(error: unknown): void;
}

export interface RunnerOptions {
	db: StudioDB;
	api: GenerationApi;
	hooks?: RunnerHooks;
	isOnline?: () => boolean;
	pollMs?: number;
	now?: () => number;
}

const MAX_ATTEMPTS = 3;
const STATUS_BATCH = 100;
const NETWORK_RETRY_MS = 3_000;

/** Paused the run loop: the hooks were told why. */
class RunnerPaused extends Error {}

export class GenerationRunner {
	readonly #o: Required<Omit<RunnerOptions, 'hooks'>> & { hooks: RunnerHooks };
	#timer: ReturnType<typeof setTimeout> | null = null;
	#running = false;
	#again = false;
	#stopped = true;

	constructor(options: RunnerOptions) {
		this.#o = { isOnline: () => true, pollMs: 700, now: Date.now, hooks: {}, ...options };
	}

	/** Starts (or resumes after a reload) working through the active items in Dexie. */
	start(): void {
		this.#stopped = false;
		this.kick();
	}

	/** Stops polling; in-flight calls finish but report nothing. */
	stop(): void {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	/** Queues `count` generations of one prompt and starts them. Returns the new items. */
	async enqueue(input: SingleJobInput): Promise<JobItemRow[]> {
		const items = await createSingleJob(this.#o.db, input, this.#o.now());
		this.kick();
		return items;
	}

	/** Runs a round now (e.g. on `online`), or right after the current one. */
	kick(): void {
		if (this.#stopped) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (this.#running) this.#again = true;
		else void this.#loop();
	}

	async #loop(): Promise<void> {
		this.#running = true;
		let more = false;
		try {
			more = await this.tick();
		} catch (error) {
			if (!this.#stopped && !(error instanceof RunnerPaused)) this.#o.hooks.onError?.(error);
		} finally {
			this.#running = false;
		}
		if (this.#stopped) return;
		if (this.#again) {
			this.#again = false;
			void this.#loop();
		} else if (more) {
			this.#timer = setTimeout(() => void this.#loop(), this.#o.pollMs);
		}
	}

	/** One round: submit what is due, poll what is running. Returns true while work remains. */
	async tick(): Promise<boolean> {
		const { db, isOnline } = this.#o;
		const active = await listActiveItems(db);
		if (active.length === 0) return false;
		if (!isOnline()) return false; // `online` kicks us again
		const now = this.#o.now();
		const settled = await Promise.all(active.filter((i) => i.state === 'queued' && i.nextAttemptAt <= now).map((i) => this.#submit(i)));
		const submitted = active.filter((i) => i.state === 'submitted');
		for (let start = 0; start < submitted.length; start += STATUS_BATCH) {
			settled.push(...(await this.#poll(submitted.slice(start, start + STATUS_BATCH))));
		}
		if (settled.some(Boolean)) this.#o.hooks.onSettled?.();
		return (await listActiveItems(db)).length > 0;
	}

	async #submit(item: JobItemRow): Promise<boolean> {
		const now = this.#o.now();
		const { id, model, prompt, params, sourceHashes } = item;
		let status: GenerationStatus;
		try {
			status = await this.#o.api.submit({ id, model, prompt, params, sourceHashes });
		} catch (error) {
			return this.#submitFailed(item, error, now);
		}
		if (status.balance !== undefined) this.#o.hooks.onBalance?.(status.balance);
		if (isSettled(status.status)) return this.#settle(item, status);
		await updateActiveItem(this.#o.db, id, { state: 'submitted', submittedAt: now, attempts: item.attempts + 1, updatedAt: now });
		return false;
	}

	/** Network: wait and resend. Retryable: back off, at most {@link MAX_ATTEMPTS}. Else: fail. */
	async #submitFailed(item: JobItemRow, error: unknown, now: number): Promise<boolean> {
		const { code, retryable, retryAfterMs } = this.#classify(error);
		if (code === 'NETWORK') {
			await updateActiveItem(this.#o.db, item.id, { nextAttemptAt: now + NETWORK_RETRY_MS });
			return false;
		}
		const attempts = item.attempts + 1;
		if (retryable && attempts < MAX_ATTEMPTS) {
			const nextAttemptAt = now + (retryAfterMs ?? 2_000 * 2 ** item.attempts);
			await updateActiveItem(this.#o.db, item.id, { attempts, nextAttemptAt, updatedAt: now });
			return false;
		}
		return this.#fail(item, code, error instanceof Error ? error.message : String(error));
	}

	async #poll(items: JobItemRow[]): Promise<boolean[]> {
		let statuses: GenerationStatus[];
		try {
			statuses = await this.#o.api.statuses(items.map((i) => i.id));
		} catch (error) {
			if (this.#classify(error).code === 'NETWORK') return [];
			throw error;
		}
		const byId = new Map(statuses.map((s) => [s.id, s]));
		return Promise.all(
			items.map(async (item) => {
				const status = byId.get(item.id);
				// Unknown to the relay (never arrived): submit again, the id keeps it idempotent.
				if (!status) return updateActiveItem(this.#o.db, item.id, { state: 'queued', nextAttemptAt: 0 }).then(() => false);
				return isSettled(status.status) ? this.#settle(item, status) : false;
			})
		);
	}

	async #settle(item: JobItemRow, status: GenerationStatus): Promise<boolean> {
		if (status.status === 'failed') {
			const error = status.error ?? { code: 'INTERNAL' as const, message: 'Generation failed' };
			return this.#fail(item, error.code, error.message);
		}
		const { db, api } = this.#o;
		const now = this.#o.now();
		const blobs = await downloadOutputs({ status, now, fetchBlob: (sha) => api.fetchBlob(sha), hasBlob: (sha) => hasBlob(db, sha) });
		if (!blobs) return false; // relay unreachable: poll and download again next round
		// Storage full throws StorageFullError here, which pauses the loop (see #loop).
		return completeItem(db, item, { images: toImageRows(status, now), blobs }, now);
	}

	async #fail(item: JobItemRow, code: ErrorCode, message: string): Promise<boolean> {
		const moved = await failItem(this.#o.db, item, { code, message }, this.#o.now());
		if (moved) this.#o.hooks.onItemFailed?.(code);
		return moved;
	}

	/** Maps a relay failure; signed out pauses the runner (items wait in Dexie for the next sign-in). */
	#classify(error: unknown): RelayFailure {
		const failure = relayFailureOf(error);
		if (failure.code === 'UNAUTHENTICATED') {
			this.#o.hooks.onError?.(error);
			throw new RunnerPaused();
		}
		return failure;
	}
}
