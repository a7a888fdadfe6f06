/**
 * The blob garbage collector's statements. A blob is live while any of these points at it:
 * an image that is not discarded (its original, its thumbnail, its sources), any generation row
 * (its sources, kept as long as the row: retries and receipts), or a user's reference renewed
 * within the grace period (an upload not used yet). Everything else older than the grace is dead.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';

/** `true` for blob `b` when nothing keeps it alive (see the file comment). */
const isDead = (cutoff: number): SQL => sql`b.created_at < ${cutoff}
	and not exists (select 1 from blob_refs r where r.sha256 = b.sha256 and r.created_at >= ${cutoff})
	and not exists (select 1 from images i where i.discarded_at is null and (i.sha256 = b.sha256 or i.thumb_sha256 = b.sha256))
	and not exists (select 1 from images i where i.discarded_at is null and i.source_hashes @> to_jsonb(array[b.sha256]))
	and not exists (select 1 from generations g where g.source_hashes @> to_jsonb(array[b.sha256]))`;

export interface DeadBlob {
	sha256: string;
	bytesLen: number;
}

/** Up to `limit` dead blobs (mark phase; a dry run stops here). */
export async function findDeadBlobs(
	db: Db,
	cutoff: number,
	limit: number,
	after = ''
): Promise<DeadBlob[]> {
	const rows = rowsOf<{ sha256: string; bytes_len: number }>(
		await db.execute(
			sql`select b.sha256, b.bytes_len from blobs b where b.sha256 > ${after} and ${isDead(cutoff)} order by b.sha256 limit ${limit}`
		)
	);
	return rows.map((r) => ({ sha256: r.sha256, bytesLen: Number(r.bytes_len) }));
}

/**
 * Sweep phase for one batch, inside one transaction: deletes the rows of those `hashes` that are
 * still dead (checked again: a reference may have landed since the mark), then lets `removeBytes`
 * delete their bytes before the transaction commits — a writer recording the same hash meanwhile
 * waits for the row lock and then finds the bytes gone (blobs/store-blob.ts writes them again).
 */
export async function sweepDeadBlobs(
	db: Db,
	hashes: string[],
	cutoff: number,
	removeBytes: (gone: DeadBlob[]) => Promise<void>
): Promise<DeadBlob[]> {
	if (hashes.length === 0) return [];
	return db.transaction(async (tx) => {
		const list = sql.join(
			hashes.map((h) => sql`${h}`),
			sql`, `
		);
		const gone = rowsOf<{ sha256: string; bytes_len: number }>(
			await tx.execute(
				sql`delete from blobs b where b.sha256 in (${list}) and ${isDead(cutoff)} returning b.sha256, b.bytes_len`
			)
		).map((r) => ({ sha256: r.sha256, bytesLen: Number(r.bytes_len) }));
		if (gone.length) {
			const goneList = sql.join(
				gone.map((g) => sql`${g.sha256}`),
				sql`, `
			);
			await tx.execute(sql`delete from blob_refs where sha256 in (${goneList})`);
			await removeBytes(gone);
		}
		return gone;
	});
}

/** Of `hashes`, those that have a `blobs` row (the rest are stray bytes in the store). */
export async function knownBlobHashes(db: Db, hashes: string[]): Promise<Set<string>> {
	if (hashes.length === 0) return new Set();
	const list = sql.join(
		hashes.map((h) => sql`${h}`),
		sql`, `
	);
	const rows = rowsOf<{ sha256: string }>(
		await db.execute(sql`select sha256 from blobs where sha256 in (${list})`)
	);
	return new Set(rows.map((r) => r.sha256));
}

/** Finished generations older than `cutoff` (their images stay; only the request record goes). */
export async function deleteFinishedGenerations(
	db: Db,
	cutoff: number,
	dryRun: boolean
): Promise<number> {
	const where = sql`status in ('done', 'failed') and finished_at < ${cutoff}`;
	if (dryRun)
		return Number(
			rowsOf<{ n: number }>(
				await db.execute(sql`select count(*)::int as n from generations where ${where}`)
			)[0]?.n ?? 0
		);
	return rowsOf<{ one: number }>(
		await db.execute(sql`delete from generations where ${where} returning 1 as one`)
	).length;
}
