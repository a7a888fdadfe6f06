/**
 * The background half of a generation: call the provider under a deadline, decode and store the
 * images (original + thumbnail, content-addressed), then commit — or fail and refund.
 * Never holds a database transaction across the provider call.
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from '#shared/ids';
import type { Db } from '../db/client';
import { recordBlob } from '../db/repositories/blobs.repository';
import { retryWhileUnavailable } from '../db/unavailable';
import {
	finishGeneration,
	insertImages,
	type GenerationRow
} from '../db/repositories/generations.repository';
import { ImageRejectedError, processImage, type CleanImage } from '../media/images';
import { sniffUploadMime } from '../media/sniff';
import { ProviderError, type ImageProvider, type SourceImage } from '../providers/provider';
import type { GenerateDeps } from './generate.service';
import { failAndRefund } from './generation-outcome';
import { imageRequestFor, type RelayModel } from './generation-request';
import { markItemDone } from './sync/item-progress';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Job {
	row: GenerationRow;
	model: RelayModel;
	provider: ImageProvider;
	signal: AbortSignal;
}

export async function runGeneration(deps: GenerateDeps, job: Job): Promise<void> {
	const { row } = job;
	const started = performance.now();
	const deadline = AbortSignal.timeout(deps.timeoutMs);
	const signal = AbortSignal.any([deadline, job.signal]);
	try {
		const sources = await loadSources(deps, row.sourceHashes);
		const result = await job.provider.generate(imageRequestFor(job.model, row, sources), signal);
		if (signal.aborted) throw signal.reason;
		if (result.images.length === 0)
			throw new ProviderError({
				code: 'NO_IMAGE_RETURNED',
				message: 'The model answered without an image.'
			});
		const stored = await storeImages(deps, result.images.slice(0, 1));
		// The image is paid for at the provider: a database outage is waited out, not turned into a refund.
		const committed = await retryWhileUnavailable(
			() => commitDone(deps, row, stored, result.providerRequestId ?? null),
			{ until: settleDeadline(deps, row) }
		);
		if (committed) await rewriteSweptBlobs(deps, stored);
		deps.providerHealth.record(job.model.provider, 'ok', deps.now());
		deps.metrics.generation(
			job.model.provider,
			row.model,
			'done',
			(performance.now() - started) / 1000
		);
		if (committed) deps.metrics.credits('charged', row.price);
		deps.logger.info({ generationId: row.id, model: row.model, committed }, 'generation finished');
	} catch (error) {
		const failure = classify(error, deadline.aborted, job.signal.aborted && !deadline.aborted);
		deps.logger.warn(
			{ generationId: row.id, model: row.model, code: failure.code },
			'generation failed'
		);
		if (isDiskFull(error))
			deps.logger.error(
				{ err: error, generationId: row.id },
				'blob store write failed: the relay disk is full or read-only'
			);
		if (deps.providerHealth.record(job.model.provider, failure.code, deps.now())) {
			deps.logger.error(
				{ provider: job.model.provider, code: failure.code },
				'provider account problem: the operator must fix the provider key or balance'
			);
		}
		deps.metrics.generation(
			job.model.provider,
			row.model,
			failure.code,
			(performance.now() - started) / 1000
		);
		try {
			if (
				await retryWhileUnavailable(() => failAndRefund(deps, row, failure), {
					until: settleDeadline(deps, row)
				})
			)
				deps.metrics.credits('refunded', row.price);
		} catch (settleError) {
			// Still running in the database: the reaper refunds it once its lease is over.
			deps.logger.error(
				{ err: settleError, generationId: row.id },
				'could not record a failed generation; the reaper will refund it'
			);
		}
	}
}

/** How long a settlement may wait for the database: until the row's lease ends (then the reaper owns it). */
function settleDeadline(deps: GenerateDeps, row: GenerationRow): number {
	return row.leaseUntil ?? deps.now() + 60_000;
}

/** Marks the generation done with its blobs, images and synced item in one transaction; false when it had already ended. */
async function commitDone(
	deps: GenerateDeps,
	row: GenerationRow,
	stored: StoredImage[],
	providerRequestId: string | null
): Promise<boolean> {
	return deps.db.transaction(async (tx) => {
		const txDb = tx as unknown as Db;
		const now = deps.now();
		const moved = await finishGeneration(txDb, row, {
			status: 'done',
			finishedAt: now,
			providerRequestId
		});
		if (!moved) return false; // failed or reaped meanwhile: the written bytes stay unreferenced for the blob GC
		// The blobs' rows commit with the image rows: one commit instead of one per row.
		for (const blob of stored.flatMap((s) => [s.originalBlob, s.thumbBlob]))
			await recordBlob(txDb, { ...blob, bytesLen: blob.bytes.byteLength, userId: row.userId, now });
		const imageIds = stored.map(() => uuidv7(now));
		await insertImages(
			txDb,
			stored.map(({ original, thumbSha, originalSha }, index) => ({
				id: imageIds[index],
				userId: row.userId,
				generationId: row.id,
				outputIndex: index,
				sha256: originalSha,
				thumbSha256: thumbSha,
				width: original.width,
				height: original.height,
				mime: original.mime,
				bytes: original.bytes.byteLength,
				model: row.model,
				prompt: row.prompt,
				params: row.params,
				sourceHashes: row.sourceHashes,
				price: row.price,
				providerRequestId,
				apiKeyId: row.apiKeyId,
				createdAt: now,
				updatedAt: now
			}))
		);
		await markItemDone(txDb, { userId: row.userId, generationId: row.id, imageIds, now });
		return true;
	});
}

async function loadSources(deps: GenerateDeps, hashes: string[]): Promise<SourceImage[]> {
	const sources: SourceImage[] = [];
	for (const hash of hashes) {
		const bytes = await deps.blobStore.get(hash);
		if (!bytes)
			throw new ProviderError({
				code: 'SOURCE_IMAGE_MISSING',
				message: 'A source image is missing from the blob store.'
			});
		// Stored sources were decoded and cleaned when they were uploaded: send them as they are.
		const mime = sniffUploadMime(bytes);
		if (!mime)
			throw new ProviderError({
				code: 'SOURCE_IMAGE_MISSING',
				message: 'A source image in the blob store is not a readable image.'
			});
		sources.push({ bytes, mime });
	}
	return sources;
}

interface StoredBlob {
	sha256: string;
	bytes: Uint8Array;
	mime: string;
	width: number;
	height: number;
	/** False when the bytes were in the store already (see rewriteSweptBlobs). */
	wrote: boolean;
}

interface StoredImage {
	original: CleanImage;
	originalSha: string;
	thumb: CleanImage;
	thumbSha: string;
	originalBlob: StoredBlob;
	thumbBlob: StoredBlob;
}

/** Cleans each image, makes its thumbnail and writes both files (in parallel); their rows go in with the commit. */
async function storeImages(
	deps: GenerateDeps,
	images: { bytes: Uint8Array }[]
): Promise<StoredImage[]> {
	const stored: StoredImage[] = [];
	for (const image of images) {
		const { original, thumbnail: thumb } = await processImage(image.bytes, 'provider-output');
		const originalSha = sha256(original.bytes);
		const thumbSha = sha256(thumb.bytes);
		const [originalBlob, thumbBlob] = await Promise.all([
			writeBlob(deps, originalSha, original),
			writeBlob(deps, thumbSha, thumb)
		]);
		stored.push({ original, originalSha, thumb, thumbSha, originalBlob, thumbBlob });
	}
	return stored;
}

async function writeBlob(deps: GenerateDeps, sha: string, image: CleanImage): Promise<StoredBlob> {
	const wrote = await deps.blobStore.put(sha, image.bytes);
	if (wrote) deps.metrics.blobStored(image.bytes.byteLength);
	return {
		sha256: sha,
		bytes: image.bytes,
		mime: image.mime,
		width: image.width,
		height: image.height,
		wrote
	};
}

/**
 * store-blob.ts's rule, after the commit: a put that found the bytes already there may have raced
 * the blob GC deleting them before our rows landed; if they are gone now, write them again.
 */
async function rewriteSweptBlobs(deps: GenerateDeps, stored: StoredImage[]): Promise<void> {
	for (const blob of stored.flatMap((s) => [s.originalBlob, s.thumbBlob])) {
		if (!blob.wrote && !(await deps.blobStore.has(blob.sha256)))
			await deps.blobStore.put(blob.sha256, blob.bytes);
	}
}

/** The blob store's file system refused the write (the operator must make room). */
function isDiskFull(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS';
}

function classify(
	error: unknown,
	timedOut: boolean,
	shuttingDown: boolean
): { code: ProviderError['code']; message: string; retryAfterMs?: number | null } {
	// The adapters report any abort as their own timeout; a shutdown is a restart, whatever they said.
	if (shuttingDown)
		return { code: 'RELAY_RESTARTED', message: 'The relay shut down during this generation.' };
	if (error instanceof ProviderError)
		return { code: error.code, message: error.message, retryAfterMs: error.retryAfterMs };
	if (isDiskFull(error))
		return {
			code: 'INTERNAL',
			message:
				'The relay could not store the image: its disk is full or read-only. You were not charged.'
		};
	if (error instanceof ImageRejectedError)
		return {
			code: 'PROVIDER_BAD_RESPONSE',
			message: `The provider sent an unusable image: ${error.message}`
		};
	if (timedOut)
		return { code: 'PROVIDER_TIMEOUT', message: 'The provider did not answer in time.' };
	return { code: 'INTERNAL', message: 'Something went wrong on the relay.' };
}
