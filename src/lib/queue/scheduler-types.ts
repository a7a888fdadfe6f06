/**
 * What the queue scheduler depends on and tells its host: the relay calls, the clock, the hooks
 * and the options. Types and the system clock only; the scheduling itself is scheduler.ts.
 */
import type { StudioDB } from '../db/database';
import type { FetchedBlob } from '../relay/blobs';
import type { ErrorCode } from '../shared/protocol';
import type { GenerationStatus, SubmitGenerationInput } from '../shared/schemas/generate';
import type { JobItemRow, JobRow } from '../shared/schemas/rows';

/** The relay calls the scheduler needs: the real tRPC client in the worker, a fake in tests. */
export interface QueueRelay {
	submit(input: SubmitGenerationInput): Promise<GenerationStatus>;
	statuses(ids: string[]): Promise<GenerationStatus[]>;
	fetchBlob(sha256: string): Promise<FetchedBlob>;
}

/** Time and timers, injectable so tests drive them by hand. */
export interface QueueClock {
	// Function properties, not methods: callers pass them on detached (`now: clock.now`).
	now: () => number;
	/** Calls `run` after `ms`; returns a function that cancels it. */
	setTimer: (run: () => void, ms: number) => () => void;
}

export const systemClock: QueueClock = {
	now: () => Date.now(),
	setTimer: (run, ms) => {
		const handle = setTimeout(run, ms);
		return () => clearTimeout(handle);
	}
};

/** What the scheduler is doing, for the status line. */
export type SchedulerPhase = 'idle' | 'running' | 'offline' | 'paused' | 'signed-out' | 'stopped';

/** What the scheduler tells its host; all optional. */
export interface SchedulerHooks {
	onBalance?(credits: number): void;
	onItemFailed?(item: JobItemRow, code: ErrorCode): void;
	onJobFinished?(job: JobRow): void;
	/** A job stopped because the balance cannot pay for its next image. */
	onJobPaused?(job: JobRow, code: ErrorCode): void;
	/** Items settled: a good moment to refresh the balance. */
	onSettled?(): void;
	onPhase?(phase: SchedulerPhase): void;
	/** Storage full or a bug; the scheduler keeps going on the next wake-up. */
	onError?(error: unknown): void;
}

export interface SchedulerOptions {
	db: StudioDB;
	relay: QueueRelay;
	clock?: QueueClock;
	/** Jitter source, [0, 1). */
	random?: () => number;
	isOnline?: () => boolean;
	hooks?: SchedulerHooks;
	/**
	 * How often items at the relay are asked for by id: a backstop, since results arrive through
	 * sync (the relay writes the item and image rows; the sync loop calls {@link QueueScheduler.rescan}).
	 */
	pollMs?: number;
	/**
	 * Awaited before each round of submits (the sync loop pushes the job.create first, so the relay
	 * knows the job). False: send nothing now and try again a little later.
	 */
	beforeSubmit?: () => Promise<boolean>;
	/** Tries per item before it fails for good. */
	maxAttempts?: number;
	/** Starting guess at what the relay lets this user run at once (lowered when it refuses). */
	maxInFlight?: number;
	/** Wake up this often even when nothing seems due (another tab's writes, missed kicks). */
	backstopMs?: number;
}
