/**
 * The relay calls sync needs, as one interface: the worker passes {@link relaySyncTransport} (the
 * tRPC client and blob HTTP routes), tests an in-memory relay. Answers are validated with the wire
 * schemas here, so nothing unchecked reaches Dexie. Must not touch Dexie.
 */
import type { FetchedBlob } from '../relay/blobs';
import { fetchBlob } from '../relay/blobs';
import type { RelayClient } from '../relay/client';
import { uploadSource } from '../relay/uploads';
import { sha256Hex } from '../shared/hash';
import type { ThumbnailBatch } from '../shared/schemas/blobs';
import {
	PokeSchema,
	PullResultSchema,
	PushResultSchema,
	RowsResultSchema,
	type Poke,
	type PullInput,
	type PullResult,
	type PushInput,
	type PushResult,
	type RowsInput,
	type RowsResult
} from '../shared/schemas/sync';

/** A live subscription; `close()` ends it. */
export interface PokeSubscription {
	close(): void;
}

/** Callbacks of one poke stream. */
export interface PokeHandlers {
	onPoke(poke: Poke): void;
	/** The stream ended or failed: the caller reconnects with back-off. */
	onClosed(error: unknown): void;
}

export interface SyncTransport {
	push(input: PushInput): Promise<PushResult>;
	pull(input: PullInput): Promise<PullResult>;
	rows(input: RowsInput): Promise<RowsResult>;
	/** The hashes of these the relay lacks for this user (at most 100 per call). */
	missingBlobs(hashes: string[]): Promise<string[]>;
	/** Uploads bytes the relay lacks (`PUT /blob/:sha`); a repeat is a no-op on the relay. */
	uploadBlob(bytes: ArrayBuffer, mime: string): Promise<void>;
	fetchBlob(sha256: string): Promise<FetchedBlob>;
	/**
	 * Many small blobs at once (thumbnails), each checked against its hash; ones the relay left
	 * out (not readable, too big) are missing from the answer. Optional: without it, one by one.
	 */
	fetchThumbnails?(hashes: string[]): Promise<Map<string, FetchedBlob>>;
	/** Subscribes to pokes (SSE); optional so tests without live updates can leave it out. */
	subscribePokes?(handlers: PokeHandlers): PokeSubscription;
}

/** The transport over the app's tRPC client. */
export function relaySyncTransport(relay: RelayClient): SyncTransport {
	// Answers are parsed again here: the relay's `.output()` validates them there, this guards Dexie here.
	const client = relay;
	return {
		push: async (input) => PushResultSchema.parse(await client.sync.push.mutate(input)),
		pull: async (input) => PullResultSchema.parse(await client.sync.pull.query(input)),
		rows: async (input) => RowsResultSchema.parse(await client.sync.rows.query(input)),
		missingBlobs: (hashes) => client.blobs.missing.query({ hashes }),
		uploadBlob: async (bytes, mime) => {
			await uploadSource(bytes, mime);
		},
		fetchBlob: (sha256) => fetchBlob(sha256),
		fetchThumbnails: async (hashes) =>
			decodeThumbnails(await client.blobs.thumbnails.query({ hashes })),
		subscribePokes: (handlers) => {
			const subscription = client.sync.poke.subscribe(undefined, {
				onData: (data) => {
					// tracked() events arrive as { id, data }; plain ones as the data itself.
					const payload = (data as { data?: unknown })?.data ?? data;
					const poke = PokeSchema.safeParse(payload);
					if (poke.success) handlers.onPoke(poke.data);
				},
				onError: (error) => handlers.onClosed(error),
				onComplete: () => handlers.onClosed(null)
			});
			return { close: () => subscription.unsubscribe() };
		}
	};
}

/** The blobs of a `blobs.thumbnails` answer whose bytes match their hash (others are dropped). */
export async function decodeThumbnails(batch: ThumbnailBatch): Promise<Map<string, FetchedBlob>> {
	const blobs = new Map<string, FetchedBlob>();
	for (const { sha256, mime, base64 } of batch) {
		const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
		if ((await sha256Hex(bytes)) === sha256) blobs.set(sha256, { bytes, mime });
	}
	return blobs;
}
