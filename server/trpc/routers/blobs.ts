/** Blobs: which content hashes this user cannot read yet (SYNC §4.9), and thumbnails in batches. */
import { z } from 'zod';
import { Sha256Schema } from '#shared/hash';
import {
	MAX_THUMBNAIL_BATCH,
	MAX_THUMBNAIL_BYTES,
	ThumbnailBatchSchema
} from '#shared/schemas/blobs';
import { authedProcedure, router } from '../init';
import { findReadableBlob, findReadableSmallBlobs } from '../../db/repositories/blobs.repository';

export const blobsRouter = router({
	/** The given hashes this user may not read (unknown and foreign look the same), in input order. */
	missing: authedProcedure
		.input(z.object({ hashes: z.array(Sha256Schema).max(100) }).strict())
		.query(async ({ ctx, input }) => {
			const missing: string[] = [];
			for (const hash of new Set(input.hashes)) {
				if (!(await findReadableBlob(ctx.deps.db, ctx.user.id, hash))) missing.push(hash);
			}
			return missing;
		}),
	/**
	 * Many small blobs (thumbnails) in one answer, base64: a first sync fetches thousands, and one
	 * request each cost more than the bytes. Only blobs this user may read and at most
	 * MAX_THUMBNAIL_BYTES long; the others are left out (the client fetches those one by one).
	 */
	thumbnails: authedProcedure
		.input(z.object({ hashes: z.array(Sha256Schema).min(1).max(MAX_THUMBNAIL_BATCH) }).strict())
		.output(ThumbnailBatchSchema)
		.query(async ({ ctx, input }) => {
			const readable = await findReadableSmallBlobs(
				ctx.deps.db,
				ctx.user.id,
				[...new Set(input.hashes)],
				MAX_THUMBNAIL_BYTES
			);
			const found = await Promise.all(
				readable.map(async ({ sha256, mime }) => {
					const bytes = await ctx.deps.blobStore.get(sha256);
					return bytes ? [{ sha256, mime, base64: Buffer.from(bytes).toString('base64') }] : [];
				})
			);
			return found.flat();
		})
});
