/**
 * A relay for scheduler tests and the benchmark: answers like the real one (idempotent ids, one
 * charge per generation, refunds on failure) and records what a test needs to check its limits —
 * the peak of generations running at once, and any id sent while its previous call is pending.
 * Imported by tests and bench only.
 */
import { TRPCClientError } from '@trpc/client';
import type { ErrorCode } from '../shared/protocol';
import type { GenerationStatus, SubmitGenerationInput } from '../shared/schemas/generate';
import type { QueueRelay } from './scheduler';

/** A TRPCClientError shaped like the relay's, carrying our code. */
export function scriptedError(
	code: ErrorCode,
	retryAfterMs: number | null = null
): TRPCClientError<never> {
	return new TRPCClientError(code, {
		result: { error: { message: code, code: -32600, data: { errorCode: code, retryAfterMs } } }
	} as never);
}

const PNG = new Uint8Array([137, 80, 78, 71]).buffer;
const SHA = 'c'.repeat(64);
const THUMB = 'd'.repeat(64);

export interface ScriptedRelayOptions {
	credits?: number;
	price?: number;
	/** Status polls before a generation settles (0: settled in the submit answer). */
	pollsToFinish?: number;
	/** The relay refuses more running generations than this with TOO_MANY_IN_FLIGHT. */
	inFlightLimit?: number;
	/** Thrown by a submit instead of accepting it (called once per submit call). */
	refuse?: (input: SubmitGenerationInput) => { code: ErrorCode; retryAfterMs?: number } | null;
	/** How a generation ends (called once when it settles). */
	outcome?: (
		input: SubmitGenerationInput
	) => { code: ErrorCode; retryable: boolean; retryAfterMs?: number } | null;
}

export class ScriptedRelay implements QueueRelay {
	credits: number;
	/** Every submit call's id, in order. */
	readonly submitCalls: string[] = [];
	/** Ids whose generation the relay started (charged), in order. */
	readonly started: string[] = [];
	readonly generations = new Map<
		string,
		{ status: GenerationStatus; input: SubmitGenerationInput; polls: number }
	>();
	running = 0;
	peakRunning = 0;
	/** Ids sent again while an earlier call for the same id was still pending. */
	readonly overlapping: string[] = [];
	readonly #pending = new Set<string>();

	constructor(private readonly options: ScriptedRelayOptions = {}) {
		this.credits = options.credits ?? 1_000_000;
	}

	async submit(input: SubmitGenerationInput): Promise<GenerationStatus> {
		if (this.#pending.has(input.id)) this.overlapping.push(input.id);
		this.#pending.add(input.id);
		try {
			await Promise.resolve();
			this.submitCalls.push(input.id);
			const existing = this.generations.get(input.id);
			if (existing) return { ...existing.status };
			const refusal = this.options.refuse?.(input);
			if (refusal) throw scriptedError(refusal.code, refusal.retryAfterMs ?? null);
			if (this.running >= (this.options.inFlightLimit ?? Infinity))
				throw scriptedError('TOO_MANY_IN_FLIGHT', 2_000);
			const price = this.options.price ?? 1;
			if (this.credits < price) throw scriptedError('INSUFFICIENT_CREDITS');
			this.credits -= price;
			this.started.push(input.id);
			const status: GenerationStatus = {
				id: input.id,
				status: 'running',
				model: input.model,
				prompt: input.prompt,
				params: input.params,
				sourceHashes: input.sourceHashes,
				price,
				createdAt: 1,
				finishedAt: null,
				images: [],
				error: null
			};
			const entry = { status, input, polls: 0 };
			this.generations.set(input.id, entry);
			this.running += 1;
			this.peakRunning = Math.max(this.peakRunning, this.running);
			if ((this.options.pollsToFinish ?? 1) === 0) this.#finish(entry);
			return { ...status, balance: this.credits };
		} finally {
			this.#pending.delete(input.id);
		}
	}

	async statuses(ids: string[]): Promise<GenerationStatus[]> {
		await Promise.resolve();
		return ids.flatMap((id) => {
			const entry = this.generations.get(id);
			if (!entry) return [];
			entry.polls += 1;
			if (entry.status.status === 'running' && entry.polls >= (this.options.pollsToFinish ?? 1))
				this.#finish(entry);
			return [{ ...entry.status }];
		});
	}

	async fetchBlob(): Promise<{ bytes: ArrayBuffer; mime: string }> {
		return { bytes: PNG.slice(0), mime: 'image/png' };
	}

	/** Forgets a generation, as if its submit never arrived. */
	forget(id: string): void {
		if (this.generations.get(id)?.status.status === 'running') this.running -= 1;
		this.generations.delete(id);
	}

	#finish(entry: { status: GenerationStatus; input: SubmitGenerationInput }): void {
		this.running -= 1;
		const failure = this.options.outcome?.(entry.input) ?? null;
		if (failure) {
			this.credits += entry.status.price;
			entry.status.status = 'failed';
			entry.status.error = {
				code: failure.code,
				retryable: failure.retryable,
				message: failure.code,
				retryAfterMs: failure.retryAfterMs ?? null
			};
		} else {
			entry.status.status = 'done';
			entry.status.images = [
				{
					id: `img-${entry.status.id}`,
					sha256: SHA,
					thumbSha256: THUMB,
					width: 8,
					height: 8,
					mime: 'image/png',
					bytes: 4
				}
			];
		}
		entry.status.finishedAt = 2;
	}
}

/** A clock the test moves by hand; timers are recorded, never fired. */
export class ManualClock {
	constructor(public time = 1_000_000) {}
	now = (): number => this.time;
	setTimer = (): (() => void) => () => undefined;
	advance(ms: number): void {
		this.time += ms;
	}
}
