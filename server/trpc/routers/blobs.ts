/** Blobs: which content hashes this user cannot read yet, so a client uploads only those (SYNC §4.9). */
import { z } from 'zod';
import { Sha256Schema } from '#shared/hash';
import { authedProcedure, router } from '../init';
import { findReadableBlob } from '../../db/repositories/blobs.repository';

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
		})
});
