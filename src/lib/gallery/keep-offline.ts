/**
 * "Keep offline": makes sure the chosen images' originals are on this device (downloading the
 * missing ones from the relay) and pins them, so "Free up space" never drops them.
 */
import type { StudioDB } from '../db/database';
import { setBlobsPinned } from '../db/image.repository';
import { loadBlob } from '../services/blob-cache';

export interface KeepOfflineResult {
	kept: number;
	/** Originals that could not be had (offline, or the relay does not have them). */
	missing: number;
}

export async function keepOffline(
	db: StudioDB,
	images: Array<{ sha256: string }>,
	options: { online: boolean; signal?: AbortSignal }
): Promise<KeepOfflineResult> {
	const present: string[] = [];
	for (const { sha256 } of images) {
		if (options.signal?.aborted) break;
		const record = await loadBlob(db, sha256, {
			kind: 'original',
			fetchIfMissing: options.online,
			signal: options.signal
		});
		if (record?.kind === 'original') present.push(sha256);
	}
	await setBlobsPinned(db, present, true);
	return { kept: present.length, missing: images.length - present.length };
}
