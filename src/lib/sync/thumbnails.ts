/**
 * Eager thumbnails (SYNC §4.9): after each pulled page, and from a scan on start (resumable), the
 * thumbnails of image rows that are not on the device are fetched, at most 4 at once, and stored
 * as `thumb` blobs. Originals stay lazy (services/blob-cache.ts). Never evicts by itself.
 */
import type { StudioDB } from '../db/database';
import { putBlob } from '../db/blob.repository';
import { StorageFullError } from '../db/storage-errors';
import type { FetchedBlob } from '../relay/blobs';
import { relayFailureOf } from '../relay/errors';

/** Room asked of the original-eviction policy when a thumbnail does not fit. */
const BYTES_TO_FREE = 64 * 1024 * 1024;

export interface ThumbnailOptions {
	db: StudioDB;
	fetchBlob(sha256: string): Promise<FetchedBlob>;
	concurrency?: number;
	/** Frees space by evicting uploaded originals (sync/blob-eviction.ts); tried once per full disk. */
	evictOriginals?(db: StudioDB, options: { bytesToFree: number }): Promise<{ count: number; bytes: number }>;
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
		const fresh = [...new Set(hashes)].filter((hash) => !this.#queue.has(hash) && !this.#active.has(hash));
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
		let stop: unknown = null;
		let evicted = false;
		const later: string[] = [];
		const worker = async () => {
			while (stop === null) {
				const hash = this.#queue.values().next().value;
				if (hash === undefined) return;
				this.#queue.delete(hash);
				this.#active.add(hash);
				try {
					const blob = await this.#options.fetchBlob(hash);
					const record = { sha256: hash, bytes: blob.bytes, mime: blob.mime, kind: 'thumb' as const, uploaded: 1 as const };
					try {
						await putBlob(this.#options.db, record);
					} catch (error) {
						if (!(error instanceof StorageFullError) || evicted || !this.#options.evictOriginals) throw error;
						evicted = true;
						await this.#options.evictOriginals(this.#options.db, { bytesToFree: BYTES_TO_FREE });
						await putBlob(this.#options.db, record);
					}
				} catch (error) {
					const code = error instanceof StorageFullError ? 'STORAGE_FULL' : relayFailureOf(error).code;
					// Not on the relay (or not ours): nothing to wait for. Anything else: keep it for later.
					if (code !== 'NOT_FOUND') later.push(hash);
					if (code === 'NETWORK' || code === 'STORAGE_FULL' || code === 'UNAUTHENTICATED') stop ??= error;
				} finally {
					this.#active.delete(hash);
					this.#options.onPending?.(this.pending);
				}
			}
		};
		await Promise.all(Array.from({ length: this.#options.concurrency ?? 4 }, worker));
		for (const hash of later) this.#queue.add(hash);
		if (stop instanceof StorageFullError) throw stop;
	}
}
