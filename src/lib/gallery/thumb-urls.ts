/**
 * Object URLs for gallery thumbnails, owned by the grid: a small least-recently-used cache keyed
 * by hash, so a tile that mounts again (or another image sharing the thumbnail) reuses its URL
 * instead of reading, wrapping and revoking bytes on every mount. The oldest URL is revoked when
 * the cache is full; `clear()` revokes the rest when the grid goes. Capacity must exceed the tiles
 * the grid ever has in the DOM (every pass touches those), so a URL on screen is never revoked.
 */

/**
 * Bytes of one thumbnail (or its fallback), or null when the device has neither and cannot fetch
 * them. A rejection is a failure to report, not "missing": the next request tries again.
 */
export type ThumbLoader = (sha256: string, fallbackSha256: string) => Promise<Blob | null>;

export class ThumbUrls {
	readonly #urls = new Map<string, string>();
	readonly #pending = new Map<string, Promise<string | null>>();
	/** Hashes that could not be had; asked again after `retryMissing()`. */
	readonly missing = new Set<string>();
	readonly #load: ThumbLoader;
	readonly #capacity: number;
	#generation = 0;

	constructor(load: ThumbLoader, capacity = 400) {
		this.#load = load;
		this.#capacity = capacity;
	}

	get size(): number {
		return this.#urls.size;
	}

	/** The URL when it is already made (and marks it recently used); never starts a load. */
	peek(sha256: string): string | undefined {
		const url = this.#urls.get(sha256);
		if (url === undefined) return undefined;
		this.#urls.delete(sha256); // re-insert: a Map keeps insertion order, the first key is the oldest
		this.#urls.set(sha256, url);
		return url;
	}

	/** The URL, loading the bytes once however many tiles ask; null when missing. */
	request(sha256: string, fallbackSha256: string): Promise<string | null> {
		const ready = this.peek(sha256);
		if (ready !== undefined) return Promise.resolve(ready);
		if (this.missing.has(sha256)) return Promise.resolve(null);
		const pending = this.#pending.get(sha256);
		if (pending) return pending;
		const generation = this.#generation;
		const promise = this.#load(sha256, fallbackSha256)
			.then(
				(blob) => {
					if (generation !== this.#generation) return null; // cleared meanwhile
					if (!blob) {
						this.missing.add(sha256);
						return null;
					}
					const url = URL.createObjectURL(blob);
					this.#urls.set(sha256, url);
					this.#evict();
					return url;
				},
				() => null
			)
			.finally(() => this.#pending.delete(sha256));
		this.#pending.set(sha256, promise);
		return promise;
	}

	/** Forgets what was missing (bytes arrived, or the device came online). */
	retryMissing(): void {
		this.missing.clear();
	}

	/** Revokes every URL (the grid is going). */
	clear(): void {
		this.#generation++;
		for (const url of this.#urls.values()) URL.revokeObjectURL(url);
		this.#urls.clear();
		this.#pending.clear();
		this.missing.clear();
	}

	#evict(): void {
		for (const [sha256, url] of this.#urls) {
			if (this.#urls.size <= this.#capacity) return;
			URL.revokeObjectURL(url);
			this.#urls.delete(sha256);
		}
	}
}
