/** Wire shape of `blobs.thumbnails`: many small blobs in one answer (a first sync's thumbnails). */
import { z } from 'zod';
import { Sha256Schema } from '../hash';

/** Most hashes one `blobs.thumbnails` call asks for. */
export const MAX_THUMBNAIL_BATCH = 48;
/** Larger blobs are never sent this way (thumbnails are ~5–30 KB). */
export const MAX_THUMBNAIL_BYTES = 256 * 1024;

export const ThumbnailBatchSchema = z.array(
	z.object({ sha256: Sha256Schema, mime: z.string().max(100), base64: z.string() })
);
export type ThumbnailBatch = z.infer<typeof ThumbnailBatchSchema>;
