/**
 * Blob order for push (SYNC §4.9): before a mutation that names source images by hash goes out,
 * the relay gets the bytes it lacks from this device's originals. Must not push mutations.
 */
import type { OutboxEntry, StudioDB } from '../db/database';
import type { SyncTransport } from './transport';

/** Hashes per `blobs.missing` call (the relay's limit). */
const MISSING_BATCH = 100;

/** The source hashes `job.create` / `job.addItems` entries point at. */
export function referencedHashes(entries: OutboxEntry[]): string[] {
	const hashes = new Set<string>();
	for (const entry of entries) {
		if (entry.name !== 'job.create' && entry.name !== 'job.addItems') continue;
		const items = (entry.args as { items?: Array<{ sourceHashes?: unknown }> } | null)?.items ?? [];
		for (const item of items)
			if (Array.isArray(item.sourceHashes))
				for (const hash of item.sourceHashes) hashes.add(String(hash));
	}
	return [...hashes];
}

/**
 * Uploads the local originals the relay lacks for these entries and marks them uploaded. A hash
 * with no local bytes is left to the relay, which refuses the mutation as retryable.
 * @throws what the transport throws (the push waits and tries again).
 */
export async function uploadMissingSources(
	db: StudioDB,
	transport: SyncTransport,
	entries: OutboxEntry[]
): Promise<number> {
	const hashes = referencedHashes(entries);
	let uploaded = 0;
	for (let at = 0; at < hashes.length; at += MISSING_BATCH) {
		const missing = await transport.missingBlobs(hashes.slice(at, at + MISSING_BATCH));
		for (const sha256 of missing) {
			const blob = await db.blobs.get(sha256);
			if (!blob) continue;
			await transport.uploadBlob(blob.bytes, blob.mime);
			await db.blobs.update(sha256, { uploaded: 1 });
			uploaded++;
		}
	}
	return uploaded;
}
