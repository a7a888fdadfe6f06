/**
 * Mark and sweep of unreferenced blobs (what keeps a blob alive: db/repositories/blob-gc.repository.ts).
 * Two passes: blobs with a row that nothing references any more, and stray bytes in the store with no
 * row at all (a relay that died between writing the bytes and recording them). Both only after the
 * grace period, so an upload that is about to be used, or a write in progress, is never touched.
 */
import type { BlobStore } from '../../blobs/blob-store';
import type { Db } from '../../db/client';
import {
	findDeadBlobs,
	knownBlobHashes,
	sweepDeadBlobs
} from '../../db/repositories/blob-gc.repository';

const BATCH = 200;

export interface BlobGcResult {
	/** Blobs with a row that were (or, in a dry run, would be) removed. */
	blobs: number;
	/** Stray objects in the store without a row. */
	strays: number;
	bytes: number;
}

export async function collectBlobGarbage(
	deps: { db: Db; blobStore: BlobStore },
	options: { cutoff: number; dryRun: boolean }
): Promise<BlobGcResult> {
	const result: BlobGcResult = { blobs: 0, strays: 0, bytes: 0 };
	let after = '';
	for (;;) {
		const dead = await findDeadBlobs(deps.db, options.cutoff, BATCH, after);
		if (dead.length === 0) break;
		after = dead[dead.length - 1].sha256;
		const gone = options.dryRun
			? dead
			: await sweepDeadBlobs(
					deps.db,
					dead.map((d) => d.sha256),
					options.cutoff,
					async (rows) => {
						for (const row of rows) await deps.blobStore.delete(row.sha256);
					}
				);
		result.blobs += gone.length;
		result.bytes += gone.reduce((sum, g) => sum + g.bytesLen, 0);
	}

	let batch: { sha256: string; size: number }[] = [];
	const sweepStrays = async () => {
		const known = await knownBlobHashes(
			deps.db,
			batch.map((b) => b.sha256)
		);
		for (const stray of batch.filter((b) => !known.has(b.sha256))) {
			if (!options.dryRun) await deps.blobStore.delete(stray.sha256);
			result.strays++;
			result.bytes += stray.size;
		}
		batch = [];
	};
	for await (const stored of deps.blobStore.list()) {
		if (stored.modifiedAt >= options.cutoff) continue;
		batch.push(stored);
		if (batch.length >= BATCH) await sweepStrays();
	}
	await sweepStrays();
	return result;
}
