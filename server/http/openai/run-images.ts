/**
 * Runs one /v1 images request as `n` ordinary generations (each reserved, charged or refunded on
 * its own, through the same submitGeneration as the app: rate limits, in-flight cap, provider
 * slots, the key's credit cap) and waits for them, up to the generation deadline.
 *
 * Idempotency-Key: generation i gets the id derived from (user, key, header, i), so a retried
 * request finds its generations and is never charged twice. If the client goes away, the wait stops
 * but the generations go on: a failure refunds itself, a success stays charged and lands in the
 * gallery (and a retry with the same Idempotency-Key picks it up).
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from '#shared/ids';
import { isSettled, type GenerationStatus } from '#shared/schemas/generate';
import type { RelayDeps } from '../../deps';
import type { ApiKeyRow } from '../../db/repositories/api-keys.repository';
import { findGeneration } from '../../db/repositories/generations.repository';
import { findUserById } from '../../db/repositories/users.repository';
import { getGenerationStatus, submitGeneration } from '../../services/generate.service';
import { priceOfRequest } from '../../services/generation-request';
import { openAIErrorOf, OpenAIError } from './errors';
import type { ImagesRequest } from './params';

/** Slack over the generation deadline for time spent queued for a provider slot. */
export const QUEUE_SLACK_MS = 30_000;

/** A UUIDv7-shaped id from a hash: the same inputs always give the same generation id. */
export function idempotentGenerationId(
	userId: string,
	keyId: string,
	header: string,
	index: number
): string {
	const h = createHash('sha256')
		.update(`nbs-v1-images\n${userId}\n${keyId}\n${header}\n${index}`)
		.digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface RunOutcome {
	done: GenerationStatus[];
	failed: GenerationStatus[];
}

export async function runImages(
	deps: RelayDeps,
	who: { userId: string; key: ApiKeyRow },
	request: ImagesRequest,
	sourceHashes: string[],
	options: { idempotencyKey: string | null; gone: AbortSignal }
): Promise<RunOutcome> {
	const { userId, key } = who;
	const ids = Array.from({ length: request.n }, (_, i) =>
		options.idempotencyKey
			? idempotentGenerationId(userId, key.id, options.idempotencyKey, i)
			: uuidv7()
	);
	// n images that cannot all be paid for are refused whole, before the first is charged
	// (unless this is a retry whose generations exist already).
	const price = priceOfRequest(request.model, { params: request.params });
	const known = options.idempotencyKey ? await findGeneration(deps.db, userId, ids[0]) : undefined;
	const balance = (await findUserById(deps.db, userId))?.credits ?? 0;
	if (!known && balance < price * request.n) {
		throw openAIErrorOf(
			'INSUFFICIENT_CREDITS',
			`Not enough credits: ${request.n} × ${request.model.label} costs ${price * request.n}, the balance is ${balance}.`
		);
	}

	const submitted: string[] = [];
	for (const id of ids) {
		try {
			await submitGeneration(
				deps,
				userId,
				{
					id,
					model: request.model.id,
					prompt: request.prompt,
					params: request.params,
					sourceHashes
				},
				{ id: key.id, creditCap: key.creditCap }
			);
			submitted.push(id);
		} catch (error) {
			// The first refusal (nothing charged) is the answer; a later one (a race with another
			// request, the key's cap) still returns the images already under way.
			if (submitted.length === 0) throw error;
			break;
		}
	}
	const statuses = await Promise.all(
		submitted.map((id) => waitForOutcome(deps, userId, id, options.gone))
	);
	return {
		done: statuses.filter((s) => s.status === 'done'),
		failed: statuses.filter((s) => s.status === 'failed')
	};
}

/**
 * Waits for one generation to settle: woken the moment its work ends when it runs in this process,
 * else (still queued for a slot) re-reading the row, quickly at first, then every 250 ms.
 */
async function waitForOutcome(
	deps: RelayDeps,
	userId: string,
	id: string,
	gone: AbortSignal
): Promise<GenerationStatus> {
	const until = Date.now() + deps.timeoutMs + QUEUE_SLACK_MS;
	const key = `${userId}:${id}`; // provider-slots' key of the in-flight work
	const hungUp = new Promise<void>((resolve) =>
		gone.addEventListener('abort', () => resolve(), { once: true })
	);
	for (let delay = 5; ; delay = Math.min(delay * 2, 250)) {
		const row = await findGeneration(deps.db, userId, id);
		if (row && isSettled(row.status)) return getGenerationStatus(deps, userId, id);
		if (gone.aborted)
			throw new OpenAIError(499, 'server_error', 'The client went away.', 'INTERNAL');
		if (Date.now() > until) {
			throw new OpenAIError(
				504,
				'server_error',
				'The generation is still waiting for a provider; retry with the same Idempotency-Key to pick it up.',
				'PROVIDER_TIMEOUT'
			);
		}
		// Running here: sleep until it ends (its own deadline bounds that), no polling. Else poll.
		const running = deps.inFlight.settled(key);
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			running ?? new Promise((resolve) => (timer = setTimeout(resolve, delay))),
			hungUp
		]);
		clearTimeout(timer);
	}
}

/** The error to answer when none of the images came out: the first failure's code and message. */
export function failureOf(failed: GenerationStatus[]): OpenAIError {
	const error = failed[0]?.error;
	return error
		? openAIErrorOf(error.code, error.message, error.retryAfterMs)
		: new OpenAIError(500, 'server_error', 'No image was made.', 'INTERNAL');
}
