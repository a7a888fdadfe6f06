/**
 * Turns a finished generation into what the device keeps: image rows and the bytes of each
 * thumbnail and original. Must not write to Dexie (the runner does, in one transaction).
 */
import type { BlobRecord } from '../db/database';
import { toBlobRecord } from '../db/blob.repository';
import type { FetchedBlob } from '../relay/blobs';
import { relayFailureOf } from '../relay/errors';
import type { GenerationStatus } from '../shared/schemas/generate';
import type { ImageRow } from '../shared/schemas/rows';

/** Image rows for a `done` generation, one per output, in output order. */
export function toImageRows(status: GenerationStatus, now: number): ImageRow[] {
	return status.images.map((image, outputIndex) => ({
		id: image.id,
		generationId: status.id,
		outputIndex,
		sha256: image.sha256,
		thumbSha256: image.thumbSha256,
		width: image.width,
		height: image.height,
		mime: image.mime,
		bytes: image.bytes,
		model: status.model,
		prompt: status.prompt,
		params: status.params,
		sourceHashes: status.sourceHashes,
		price: status.price,
		providerRequestId: image.providerRequestId ?? null,
		favourite: false,
		rating: 0,
		createdAt: status.finishedAt ?? now,
		updatedAt: now,
		deletedAt: null
	}));
}

/**
 * Downloads the thumbnail and the original of every output, skipping hashes already stored.
 * Other failures (e.g. 404) are skipped: the views fetch missing bytes lazily later.
 * Returns null when the relay is unreachable, so the caller stores nothing half-done and retries.
 */
export async function downloadOutputs(options: {
	status: GenerationStatus;
	fetchBlob: (sha256: string) => Promise<FetchedBlob>;
	hasBlob: (sha256: string) => Promise<boolean>;
	now: number;
}): Promise<BlobRecord[] | null> {
	const wanted = options.status.images.flatMap((image) => [
		{ sha256: image.thumbSha256, kind: 'thumb' as const },
		{ sha256: image.sha256, kind: 'original' as const }
	]);
	const records: BlobRecord[] = [];
	for (const { sha256, kind } of wanted) {
		if (records.some((r) => r.sha256 === sha256) || (await options.hasBlob(sha256))) continue;
		try {
			const blob = await options.fetchBlob(sha256);
			records.push(
				toBlobRecord({ sha256, bytes: blob.bytes, mime: blob.mime, kind, uploaded: 1 }, options.now)
			);
		} catch (error) {
			if (relayFailureOf(error).code === 'NETWORK') return null;
			console.warn('Image bytes not downloaded; they will be fetched when viewed', sha256, error);
		}
	}
	return records;
}
