/**
 * Imports image files into the gallery. Per file: sniff the type, read its settings (our
 * provenance, A1111, ComfyUI, InvokeAI), upload it (PUT /blob: the relay checks the hash and
 * type, strips metadata and makes the thumbnail), then record the row with `image.import` through
 * the outbox so it syncs, and keep the thumbnail on the device. Bytes already in the gallery are
 * skipped. Needs the relay: the stored hash is the relay's cleaned copy, not the file's.
 */
import type { StudioDB } from '../../db/database';
import { mutateOne, MutationError } from '../../db/mutations/mutate';
import { StorageFullError } from '../../db/storage-errors';
import { readProvenance } from '../../provenance/read';
import {
	MAX_SOURCE_BYTES,
	UploadError,
	uploadSource,
	type UploadedBlob
} from '../../relay/uploads';
import { loadBlob } from '../../services/blob-cache';
import { uuidv7 } from '../../shared/ids';
import { ASPECT_RATIOS, type AspectRatio } from '../../shared/schemas/catalogue';
import type { GenerationParams } from '../../shared/schemas/generate';
import type { PickedFile } from './collect-files';
import { sniffImageMime } from './sniff';

/** Why a file was not imported. */
export type SkipReason =
	'duplicate' | 'unsupported' | 'tooLarge' | 'unreadable' | 'offline' | 'failed';

export interface SkippedFile {
	path: string;
	reason: SkipReason;
}

export interface ImportReport {
	imported: number;
	skipped: SkippedFile[];
	/** Files not started because the person stopped the import. */
	stopped: number;
}

export interface ImportOptions {
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

/** Files in flight at once (the relay cleans two uploads at a time and queues a few). */
const PARALLEL = 2;
const BUSY_RETRIES = 4;
const MAX_MODEL_LENGTH = 200;

/** The listed aspect ratio closest to the pixels (imports have no form value to keep). */
export function nearestAspectRatio(width: number, height: number): AspectRatio {
	const target = Math.log(width / height);
	const distance = (ratio: string) => {
		const [w, h] = ratio.split(':').map(Number);
		return Math.abs(Math.log(w / h) - target);
	};
	return ASPECT_RATIOS.reduce((best, ratio) => (distance(ratio) < distance(best) ? ratio : best));
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads, waiting a little while the relay says it is busy (503). */
async function upload(bytes: Uint8Array, mime: string): Promise<UploadedBlob> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await uploadSource(bytes.buffer as ArrayBuffer, mime);
		} catch (error) {
			if (!(error instanceof UploadError) || error.status !== 503 || attempt >= BUSY_RETRIES)
				throw error;
			await wait(500 * 2 ** attempt);
		}
	}
}

const REASON_BY_UPLOAD_ERROR: Record<UploadError['kind'], SkipReason> = {
	TOO_LARGE: 'tooLarge',
	UNSUPPORTED: 'unsupported',
	UNREADABLE: 'unreadable',
	NETWORK: 'offline',
	FAILED: 'failed'
};

/** True when a live or trashed row of the gallery already has these bytes. */
async function inGallery(db: StudioDB, sha256: string): Promise<boolean> {
	return (
		(await db.images
			.where('sha256')
			.equals(sha256)
			.filter((row) => !row.discardedAt)
			.count()) > 0
	);
}

/** One file; null when imported, else why not. */
async function importOne(
	db: StudioDB,
	picked: PickedFile,
	claimed: Set<string>
): Promise<SkipReason | null> {
	if (picked.file.size > MAX_SOURCE_BYTES) return 'tooLarge';
	if (picked.file.size === 0) return 'unsupported';
	const bytes = new Uint8Array(await picked.file.arrayBuffer());
	const mime = sniffImageMime(bytes);
	if (!mime) return 'unsupported';
	const settings = await readProvenance(bytes);
	let stored: UploadedBlob;
	try {
		stored = await upload(bytes, mime);
	} catch (error) {
		if (error instanceof UploadError) return REASON_BY_UPLOAD_ERROR[error.kind];
		throw error;
	}
	if (claimed.has(stored.sha256) || (await inGallery(db, stored.sha256))) return 'duplicate';
	claimed.add(stored.sha256);
	const params: GenerationParams = {
		aspectRatio: nearestAspectRatio(stored.width, stored.height),
		...settings?.params
	};
	if (settings?.negativePrompt && !params.negativePrompt)
		params.negativePrompt = settings.negativePrompt;
	try {
		await mutateOne(db, 'image.import', {
			id: uuidv7(),
			sha256: stored.sha256,
			thumbSha256: stored.thumbSha256,
			width: stored.width,
			height: stored.height,
			mime: stored.mime as 'image/png',
			bytes: stored.bytes,
			prompt: settings?.prompt ?? '',
			model: (settings?.model ?? '').slice(0, MAX_MODEL_LENGTH),
			params,
			createdAt: picked.file.lastModified || undefined
		});
	} catch (error) {
		// Another tab imported the same bytes between our check and the write.
		if (error instanceof MutationError) return 'duplicate';
		throw error;
	}
	// The thumbnail on the device now, so the new tile shows offline too (best effort).
	await loadBlob(db, stored.thumbSha256, { kind: 'thumb', fetchIfMissing: true }).catch(
		() => undefined
	);
	return null;
}

/**
 * Imports the files, two at a time; never throws for a bad file (it is reported instead).
 * @throws {StorageFullError} when the device is out of space (files done so far stay imported).
 */
export async function importImages(
	db: StudioDB,
	files: PickedFile[],
	options: ImportOptions = {}
): Promise<ImportReport> {
	const report: ImportReport = { imported: 0, skipped: [], stopped: 0 };
	const outcomes = new Array<SkipReason | null | undefined>(files.length);
	const claimed = new Set<string>();
	let next = 0;
	let done = 0;
	options.onProgress?.(0, files.length);
	const lane = async () => {
		while (next < files.length && !options.signal?.aborted) {
			const index = next++;
			outcomes[index] = await importOne(db, files[index], claimed).catch((error: unknown) => {
				if (error instanceof StorageFullError) throw error;
				return 'failed' as const;
			});
			options.onProgress?.(++done, files.length);
		}
	};
	await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, lane));
	outcomes.forEach((outcome, index) => {
		if (outcome === null) report.imported++;
		else if (outcome === undefined) report.stopped++;
		else report.skipped.push({ path: files[index].path, reason: outcome });
	});
	return report;
}
