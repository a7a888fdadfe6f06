/**
 * Eager thumbnails (SYNC §4.9): after each pulled page, and from a scan on start (resumable), the
 * thumbnails of image rows that are not on the device are fetched in batches (`blobs.thumbnails`,
 * 2 requests at once) and stored as `thumb` blobs, one transaction per batch. Originals stay lazy
 * (services/blob-cache.ts). Never evicts by itself.
 */
import type { StudioDB } from '../db/database';
import { putBlobs, type BlobInput } from '../db/blob.repository';
import { MAX_THUMBNAIL_BATCH } from '../shared/schemas/blobs';
import { StorageFullError } from '../db/storage-errors';
import type { FetchedBlob } from '../relay/blobs';
import { relayFailureOf } from '../relay/errors';

/** Room asked of the original-eviction policy when a thumbnail does not fit. */
const BYTES_TO_FREE = 64 * 1024 * 1024;

export interface ThumbnailOptions {
	db: StudioDB;
	fetchBlob: (sha256: string) => Promise<FetchedBlob>;
	/** Many at once (transport.fetchThumbnails); without it, one request per thumbnail. */
	fetchThumbnails?: (hashes: string[]) => Promise<Map<string, FetchedBlob>>;
	/** Requests in flight at once (default 2 batches, or 6 single downloads). */
	concurrency?: number;
	/** Frees space by evicting uploaded originals (sync/blob-eviction.ts); tried once per full disk. */
	evictOriginals?: (
		db: StudioDB,
		options: { bytesToFree: number }
	) => Promise<{ count: number; bytes: number }>;
	/** How many thumbnails are still to come (for SyncStatus.thumbnailsPending). */
	onPending?(count: number): void;
}

export class ThumbnailFetcher {
	readonly #options: ThumbnailOptions;
	readonly #queue = new Set<string>();
	readonly #active = new Set<string>();
	#running: Promise<void> | null = null;

	constructor(options: ThumbnailOptions) {
		this.#options = options;
	}

	get pending(): number {
		return this.#queue.size + this.#active.size;
	}

	/** Queues every image row's thumbnail that is not stored yet (resume after a reload). */
	async scan(): Promise<void> {
		const hashes = new Set<string>();
		await this.#options.db.images.each((image) => void hashes.add(image.thumbSha256));
		await this.enqueue([...hashes]);
	}

	/** Queues thumbnails that are not stored or on their way. */
	async enqueue(hashes: string[]): Promise<void> {
		const fresh = [...new Set(hashes)].filter(
			(hash) => !this.#queue.has(hash) && !this.#active.has(hash)
		);
		const stored = await this.#options.db.blobs.bulkGet(fresh);
		fresh.forEach((hash, i) => stored[i] === undefined && this.#queue.add(hash));
		this.#options.onPending?.(this.pending);
	}

	/**
	 * Downloads what is queued. Resolves when the queue is empty or the relay cannot be reached
	 * (the rest stays queued for the next round).
	 * @throws {StorageFullError} when the device stays full after evicting originals once.
	 */
	drain(): Promise<void> {
		this.#running ??= this.#drain().finally(() => {
			this.#running = null;
			this.#options.onPending?.(this.pending);
		});
		return this.#running;
	}

	async #drain(): Promise<void> {
		const { db, fetchBlob, fetchThumbnails, evictOriginals } = this.#options;
		const batchSize = fetchThumbnails ? MAX_THUMBNAIL_BATCH : 1;
		let stop: unknown = null;
		let evicted = false;
		const later: string[] = [];
		/** Sorts out a failed hash: NOT_FOUND is dropped, the rest retried later; some stop the drain. */
		const failed = (hash: string, error: unknown) => {
			const code = error instanceof StorageFullError ? 'STORAGE_FULL' : relayFailureOf(error).code;
			if (code !== 'NOT_FOUND') later.push(hash);
			if (code === 'NETWORK' || code === 'STORAGE_FULL' || code === 'UNAUTHENTICATED')
				stop ??= error;
		};
		const store = async (records: BlobInput[]) => {
			try {
				await putBlobs(db, records);
			} catch (error) {
				if (!(error instanceof StorageFullError) || evicted || !evictOriginals) throw error;
				evicted = true;
				await evictOriginals(db, { bytesToFree: BYTES_TO_FREE });
				await putBlobs(db, records);
			}
		};
		const worker = async () => {
			while (stop === null) {
				const hashes = [...this.#queue].slice(0, batchSize);
				if (hashes.length === 0) return;
				for (const hash of hashes) {
					this.#queue.delete(hash);
					this.#active.add(hash);
				}
				try {
					const fetched = new Map<string, FetchedBlob>();
					if (fetchThumbnails && hashes.length > 1) {
						// One request for the batch; what it leaves out (too big, not ours) is asked for alone.
						try {
							for (const [hash, blob] of await fetchThumbnails(hashes)) fetched.set(hash, blob);
						} catch (error) {
							hashes.forEach((hash) => failed(hash, error));
							continue;
						}
					}
					for (const hash of hashes.filter((h) => !fetched.has(h))) {
						if (stop !== null) later.push(hash);
						else
							await fetchBlob(hash).then(
								(blob) => void fetched.set(hash, blob),
								(error: unknown) => failed(hash, error)
							);
					}
					const records = [...fetched].map(([sha256, blob]) => ({
						sha256,
						bytes: blob.bytes,
						mime: blob.mime,
						kind: 'thumb' as const,
						uploaded: 1 as const
					}));
					await store(records).catch((error: unknown) =>
						records.forEach((r) => failed(r.sha256, error))
					);
				} finally {
					for (const hash of hashes) this.#active.delete(hash);
					this.#options.onPending?.(this.pending);
				}
			}
		};
		await Promise.all(
			Array.from({ length: this.#options.concurrency ?? (fetchThumbnails ? 2 : 6) }, worker)
		);
		for (const hash of later) this.#queue.add(hash);
		if (stop instanceof StorageFullError) throw stop;
	}
}
