/**
 * An object URL for image bytes kept in Dexie (fetched and cached when missing and online), with
 * a fallback hash (e.g. the thumbnail when the original is not on the device). The `<img>` gets
 * its `src` only once the image is decoded, so what is shown is never half-loaded. While bytes are
 * missing it watches `blobs`, so a thumbnail stored later by the sync loop shows up by itself.
 */
import { untrack } from 'svelte';
import type { BlobRecord } from '../db/database';
import { watchBlobArrival } from '../db/sync.repository';
import { loadBlob } from '../services/blob-cache';
import { handleError } from '../errors';
import { connection } from './connection.svelte';
import { session } from './session.svelte';

export interface ImageSourceArgs {
	sha256: string;
	kind: BlobRecord['kind'];
	/** Shown when the main bytes cannot be had. */
	fallbackSha256?: string;
	fallbackKind?: BlobRecord['kind'];
}

export class ImageSource {
	url = $state<string | null>(null);
	status = $state<'loading' | 'ready' | 'missing'>('loading');
	/** The fallback is showing instead of the requested image. */
	isFallback = $state(false);
	/** The bytes behind `url` (for downloads). */
	record = $state.raw<BlobRecord | null>(null);

	#shownUrl: string | null = null;
	/** Bumped when missing bytes arrive, to load again. */
	#arrivals = $state(0);

	/** Must be constructed during component initialisation (it owns effects). */
	constructor(args: () => ImageSourceArgs) {
		$effect(() => () => this.#show(null, null, false)); // revoke the URL when the component goes
		$effect(() => {
			const { sha256, kind, fallbackSha256, fallbackKind = 'thumb' } = args();
			const db = session.db;
			const online = connection.online; // coming back online may upgrade a fallback
			void this.#arrivals;
			if (!db || !sha256 || untrack(() => this.record?.sha256 === sha256)) return;
			untrack(() => {
				if (this.status !== 'ready') this.status = 'loading';
			});
			const controller = new AbortController();
			const options = {
				fetchIfMissing: online,
				signal: controller.signal,
				onCacheError: (e: unknown) => handleError(e, 'cache')
			};
			(async () => {
				let record = await loadBlob(db, sha256, { ...options, kind });
				const isFallback = !record && !!fallbackSha256;
				if (!record && fallbackSha256)
					record = await loadBlob(db, fallbackSha256, { ...options, kind: fallbackKind });
				if (controller.signal.aborted) return;
				if (!record) {
					this.status = 'missing';
					return;
				}
				const url = URL.createObjectURL(new Blob([record.bytes], { type: record.mime }));
				await decode(url);
				if (controller.signal.aborted) return URL.revokeObjectURL(url);
				this.#show(url, record, isFallback);
			})().catch((error: unknown) => {
				if (controller.signal.aborted) return;
				this.status = 'missing';
				handleError(error, 'image');
			});
			return () => controller.abort();
		});
		// Nothing to show (or only the fallback): wait for the sync loop to store the wanted bytes.
		$effect(() => {
			const { sha256, fallbackSha256 } = args();
			const db = session.db;
			const waiting = this.status === 'missing' || this.isFallback;
			if (!db || !sha256 || !waiting) return;
			const wanted = this.isFallback ? [sha256] : [sha256, fallbackSha256 ?? ''];
			const subscription = watchBlobArrival(db, wanted).subscribe({
				next: (arrived) => {
					if (arrived) this.#arrivals += 1;
				},
				error: (error) => handleError(error, 'image arrival', { toast: false })
			});
			return () => subscription.unsubscribe();
		});
	}

	#show(url: string | null, record: BlobRecord | null, isFallback: boolean): void {
		if (this.#shownUrl) URL.revokeObjectURL(this.#shownUrl);
		this.#shownUrl = url;
		this.url = url;
		this.record = record;
		this.isFallback = isFallback;
		if (url) this.status = 'ready';
	}
}

/** Waits until the browser has decoded the image (ignores decode errors: the img shows them). */
async function decode(url: string): Promise<void> {
	const image = new Image();
	image.src = url;
	await image.decode().catch(() => undefined);
}
