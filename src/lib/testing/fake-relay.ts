/**
 * An in-memory relay for runner tests: submit starts a generation that finishes after a number
 * of status polls, answers like the real one (balance, idempotent ids) and serves blob bytes.
 * Imported by tests only.
 */
import { TRPCClientError } from '@trpc/client';
import type { ErrorCode } from '../shared/protocol';
import { sha256Hex } from '../shared/hash';
import type { GenerationStatus, SubmitGenerationInput } from '../shared/schemas/generate';
import type { QueueRelay } from '../queue/scheduler';
import { makeBytes } from './factories';

/** A TRPCClientError shaped like the relay's, carrying our code. */
export function relayError(
	code: ErrorCode,
	retryAfterMs: number | null = null
): TRPCClientError<never> {
	return new TRPCClientError(code, {
		result: { error: { message: code, code: -32600, data: { errorCode: code, retryAfterMs } } }
	} as never);
}

/** What fetch() throws when there is no network. */
export const networkError = () => new TypeError('Failed to fetch');

export interface FakeRelayOptions {
	credits?: number;
	/** Status polls before a generation is done. */
	pollsToFinish?: number;
	/** Makes matching prompts fail with this code once finished. */
	failWith?: (prompt: string) => ErrorCode | null;
}

export class FakeRelay implements QueueRelay {
	credits: number;
	readonly submits: string[] = [];
	readonly generations = new Map<string, { status: GenerationStatus; polls: number }>();
	readonly blobs = new Map<string, ArrayBuffer>();
	/** Throw this from the next call(s) instead of answering. */
	failNext: Array<() => unknown> = [];

	constructor(private readonly options: FakeRelayOptions = {}) {
		this.credits = options.credits ?? 10;
	}

	async submit(input: SubmitGenerationInput): Promise<GenerationStatus> {
		this.#maybeFail();
		this.submits.push(input.id);
		const existing = this.generations.get(input.id);
		if (existing) return existing.status;
		if (this.credits < 1) throw relayError('INSUFFICIENT_CREDITS');
		this.credits -= 1;
		const status: GenerationStatus = {
			id: input.id,
			status: 'running',
			model: input.model,
			prompt: input.prompt,
			params: input.params,
			sourceHashes: [],
			price: 1,
			createdAt: 1000,
			finishedAt: null,
			images: [],
			error: null
		};
		this.generations.set(input.id, { status, polls: 0 });
		return { ...status, balance: this.credits };
	}

	async statuses(ids: string[]): Promise<GenerationStatus[]> {
		this.#maybeFail();
		const answers: GenerationStatus[] = [];
		for (const id of ids) {
			const entry = this.generations.get(id);
			if (!entry) continue;
			entry.polls += 1;
			if (entry.status.status === 'running' && entry.polls >= (this.options.pollsToFinish ?? 1))
				await this.#finish(entry.status);
			answers.push(entry.status);
		}
		return answers;
	}

	async fetchBlob(sha256: string): Promise<{ bytes: ArrayBuffer; mime: string }> {
		this.#maybeFail();
		const bytes = this.blobs.get(sha256);
		if (!bytes) throw new Error(`no blob ${sha256}`);
		return { bytes, mime: 'image/png' };
	}

	async #finish(status: GenerationStatus): Promise<void> {
		const code = this.options.failWith?.(status.prompt) ?? null;
		if (code) {
			this.credits += status.price; // refund
			Object.assign(status, {
				status: 'failed',
				finishedAt: 2000,
				error: { code, retryable: false, message: code, retryAfterMs: null }
			});
			return;
		}
		const original = makeBytes(this.blobs.size + 1, 128);
		const thumb = makeBytes(this.blobs.size + 2, 32);
		const [sha256, thumbSha256] = await Promise.all([sha256Hex(original), sha256Hex(thumb)]);
		this.blobs.set(sha256, original).set(thumbSha256, thumb);
		const image = {
			id: `img-${status.id}`,
			sha256,
			thumbSha256,
			width: 1024,
			height: 1024,
			mime: 'image/png',
			bytes: 128
		};
		Object.assign(status, { status: 'done', finishedAt: 2000, images: [image] });
	}

	#maybeFail(): void {
		const next = this.failNext.shift();
		if (next) throw next();
	}
}
