/**
 * Generation (DESIGN §4): submit reserves credits and records a running row in one transaction,
 * answers at once, and the work goes on in the background; the outcome commits the charge or
 * refunds it exactly once. Retries with the same id return the stored outcome.
 */
import type { GenerationStatus, SubmitGenerationInput } from '#shared/schemas/generate';
import { GenerationParamsSchema } from '#shared/schemas/generate';
import { ERROR_CODES, isErrorCode, type ErrorCode } from '#shared/protocol';
import type { Db } from '../db/client';
import { InFlightCapReached, reserveCharge } from '../db/repositories/credits.repository';
import { findReadableBlob } from '../db/repositories/blobs.repository';
import {
	findGeneration,
	findImagesOfGenerations,
	insertGeneration,
	type GenerationRow
} from '../db/repositories/generations.repository';
import type { Logger } from '../logger';
import type { ImageProvider } from '../providers/provider';
import type { BlobStore } from '../blobs/blob-store';
import type { RelayMetrics } from '../metrics/relay-metrics';
import { appError } from './app-error';
import {
	priceOfRequest,
	requestFingerprint,
	validateAgainstModel,
	type RelayModel
} from './generation-request';
import type { InFlight } from './in-flight';
import { QUEUED_LEASE_MS, type ProviderSlots } from './provider-slots';
import type { ProviderHealth } from './provider-health';
import { takeRateLimit, withRateLimitInfo } from './rate-limit';
import { limitsForUser, modelForSubmit } from './settings-generation';
import { checkKeyCreditCap } from './api-key-cap';
import { checkItemSubmit, markItemSubmitted } from './sync/item-progress';

export interface GenerateDeps {
	db: Db;
	blobStore: BlobStore;
	providers: ReadonlyMap<string, ImageProvider>;
	catalogue: { get(id: string): RelayModel | undefined };
	logger: Logger;
	now: () => number;
	/** Deadline of one generation, counted from dispatch (its provider slot taken). */
	timeoutMs: number;
	/** Longest a generation waits queued for a slot before it fails and is refunded. */
	queueTimeoutMs: number;
	inFlight: InFlight;
	providerHealth: ProviderHealth;
	limits: { perMinute: number; inFlightPerUser: number };
	/** Global provider concurrency: queued generations wait here for a slot. */
	slots: ProviderSlots;
	metrics: RelayMetrics;
}

function isUniqueViolation(error: unknown): boolean {
	for (
		let e = error as { code?: string; cause?: unknown } | undefined;
		e;
		e = e.cause as typeof e
	) {
		if (e.code === '23505') return true;
	}
	return false;
}

/** A personal API key behind a submit (issue 13): recorded on the rows, its credit cap checked with the charge. */
export interface SubmitViaKey {
	id: string;
	creditCap: number | null;
}

/** Reserve, record queued, dispatch. Returns the generation's status (`running` when a slot was free, else `queued`). */
export async function submitGeneration(
	deps: GenerateDeps,
	userId: string,
	input: SubmitGenerationInput,
	viaKey?: SubmitViaKey
): Promise<GenerationStatus> {
	const fingerprint = requestFingerprint(input);
	const existing = await findGeneration(deps.db, userId, input.id);
	if (existing) return replay(deps, existing, fingerprint);

	await checkItemSubmit(deps.db, userId, input); // a taken-over or cancelled item: refused before any charge
	// Limits and model (enabled, price) come from the admin's settings over env and catalogue.
	const limits = await limitsForUser(deps, userId);
	await takeRateLimit(deps, { key: `submit:${userId}`, limit: limits.perMinute });
	const model = await modelForSubmit(deps, input.model);
	const provider = deps.providers.get(model.provider);
	if (!provider)
		throw appError('UNKNOWN_MODEL', `The provider of "${input.model}" is not configured.`);
	validateAgainstModel(model, input);
	const price = priceOfRequest(model, input);
	for (const hash of input.sourceHashes) {
		if (!(await findReadableBlob(deps.db, userId, hash))) {
			throw appError('SOURCE_IMAGE_MISSING', 'A source image has not been uploaded yet.');
		}
	}

	const now = deps.now();
	const row: GenerationRow = {
		id: input.id,
		userId,
		requestHash: fingerprint,
		model: model.id,
		provider: model.provider,
		prompt: input.prompt.trim(),
		params: input.params,
		sourceHashes: input.sourceHashes,
		status: 'queued',
		price,
		errorCode: null,
		errorMessage: null,
		retryAfterMs: null,
		providerRequestId: null,
		leaseUntil: now + QUEUED_LEASE_MS,
		ownerRelay: deps.slots.relayId,
		startedAt: null,
		createdAt: now,
		finishedAt: null,
		apiKeyId: viaKey?.id ?? null
	};
	let balance: number;
	try {
		balance = await deps.db.transaction(async (tx) => {
			const txDb = tx as unknown as Db;
			// One round trip: the charge, and the in-flight count under the balance row's lock it takes.
			const left = await reserveCharge(
				txDb,
				{ userId, amount: -price, generationId: input.id, now },
				limits.inFlightPerUser
			).catch((error: unknown) => {
				if (!(error instanceof InFlightCapReached)) throw error;
				const cap = limits.inFlightPerUser;
				const refusal = appError(
					'TOO_MANY_IN_FLIGHT',
					`At most ${cap} images can be generating at once.`,
					{ retryAfterMs: 2000 }
				);
				throw withRateLimitInfo(refusal, { limit: cap, remaining: 0, resetMs: 2000 });
			});
			if (left === null) {
				throw appError(
					'INSUFFICIENT_CREDITS',
					`Not enough credits: ${model.label} costs ${price} per image.`
				);
			}
			if (viaKey) await checkKeyCreditCap(txDb, viaKey, price);
			await insertGeneration(txDb, row);
			await markItemSubmitted(txDb, { userId, itemId: input.itemId, generationId: input.id, now });
			return left;
		});
	} catch (error) {
		// A concurrent submit with the same id won the insert; ours rolled back, so answer with theirs.
		if (!isUniqueViolation(error)) throw error;
		const winner = await findGeneration(deps.db, userId, input.id);
		if (!winner) throw error;
		return replay(deps, winner, fingerprint);
	}

	const status = await deps.slots.enqueue({ row, model, provider });
	return { ...toStatus({ ...row, status }, []), balance };
}

async function replay(
	deps: GenerateDeps,
	row: GenerationRow,
	fingerprint: string
): Promise<GenerationStatus> {
	if (row.requestHash !== fingerprint) {
		throw appError(
			'IDEMPOTENCY_CONFLICT',
			'This generation id was already used for a different request.'
		);
	}
	return getGenerationStatus(deps, row.userId, row.id);
}

/** The stored outcome of one of the user's generations; NOT_FOUND for unknown or foreign ids. */
export async function getGenerationStatus(
	deps: Pick<GenerateDeps, 'db'>,
	userId: string,
	id: string
): Promise<GenerationStatus> {
	const row = await findGeneration(deps.db, userId, id);
	if (!row) throw appError('NOT_FOUND', 'No such generation.');
	const images = row.status === 'done' ? await findImagesOfGenerations(deps.db, userId, [id]) : [];
	return toStatus(row, images);
}

function toStatus(
	row: GenerationRow,
	images: Awaited<ReturnType<typeof findImagesOfGenerations>>
): GenerationStatus {
	const code: ErrorCode | null =
		row.errorCode && isErrorCode(row.errorCode) ? row.errorCode : row.errorCode ? 'INTERNAL' : null;
	return {
		id: row.id,
		status: row.status,
		model: row.model,
		prompt: row.prompt,
		params: GenerationParamsSchema.parse(row.params),
		sourceHashes: row.sourceHashes,
		price: row.price,
		createdAt: row.createdAt,
		finishedAt: row.finishedAt,
		images: images.map((i) => ({
			id: i.id,
			sha256: i.sha256,
			thumbSha256: i.thumbSha256,
			width: i.width,
			height: i.height,
			mime: i.mime,
			bytes: i.bytes,
			providerRequestId: i.providerRequestId
		})),
		error: code
			? {
					code,
					retryable: ERROR_CODES[code] === 'retryable',
					message: row.errorMessage ?? code,
					retryAfterMs: row.retryAfterMs
				}
			: null
	};
}

// Fail-and-refund and the reaper live in generation-outcome.ts (no import cycle with the slots and the runner).
export { reapOrphanedGenerations } from './generation-outcome';
