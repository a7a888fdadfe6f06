/**
 * The blob GC never deletes a blob anything still points at, and does delete what nothing does.
 * Property: random uploads, images (with sources), discards, re-uploads and clock jumps, with a GC
 * run after each step; after every run each referenced hash still has its row and its bytes.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from '#shared/ids';
import { sha256Hex } from '../../blobs/blob-hash';
import { storeBlob } from '../../blobs/store-blob';
import { images } from '../../db/schema/index';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';
import { collectBlobGarbage } from './blob-gc';

const HOUR = 3_600_000;
const GRACE = 24 * HOUR;

type Step =
	| { kind: 'upload'; blob: number }
	| { kind: 'image'; blob: number; thumb: number; source: number | null }
	| { kind: 'discard'; image: number }
	| { kind: 'wait'; hours: number };

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({ kind: fc.constant('upload' as const), blob: fc.nat(7) }),
	fc.record({
		kind: fc.constant('image' as const),
		blob: fc.nat(7),
		thumb: fc.nat(7),
		source: fc.option(fc.nat(7), { nil: null })
	}),
	fc.record({ kind: fc.constant('discard' as const), image: fc.nat(9) }),
	fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 40 }) })
);

describe('blob garbage collection', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	it('keeps every blob an image, a source or a recent upload points at, and removes the rest after the grace', async () => {
		const { user } = await relay.signUp();
		const { db, blobStore } = relay.deps;
		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 14 }), async (steps) => {
				// A fresh pool of blobs per case, so cases do not see each other's hashes.
				const pool = Array.from({ length: 8 }, () => new Uint8Array(randomBytes(64)));
				const hash = (i: number) => sha256Hex(pool[i]);
				const lastUpload = new Map<number, number>();
				const liveImages: { id: string; hashes: number[] }[] = [];
				let now = Date.now() + 1000 * 24 * HOUR;
				const upload = (i: number) => {
					lastUpload.set(i, now);
					return storeBlob(
						{ db, blobStore },
						{ sha256: hash(i), bytes: pool[i], mime: 'image/png' },
						user.id,
						now
					);
				};
				for (const s of steps) {
					if (s.kind === 'upload') await upload(s.blob);
					if (s.kind === 'image') {
						// A generation stores its original and thumbnail, then the image row that points at them.
						for (const i of [s.blob, s.thumb, ...(s.source === null ? [] : [s.source])])
							await upload(i);
						const id = uuidv7();
						await db.insert(images).values({
							id,
							userId: user.id,
							generationId: null,
							sha256: hash(s.blob),
							thumbSha256: hash(s.thumb),
							width: 8,
							height: 8,
							mime: 'image/png',
							bytes: 64,
							model: 'demo/sketch',
							prompt: 'p',
							params: {},
							sourceHashes: s.source === null ? [] : [hash(s.source)],
							createdAt: now,
							updatedAt: now
						});
						liveImages.push({
							id,
							hashes: [s.blob, s.thumb, ...(s.source === null ? [] : [s.source])]
						});
					}
					if (s.kind === 'discard' && liveImages.length) {
						const [gone] = liveImages.splice(s.image % liveImages.length, 1);
						await db
							.update(images)
							.set({ discardedAt: now, deletedAt: now })
							.where(eq(images.id, gone.id));
					}
					if (s.kind === 'wait') now += s.hours * HOUR;
					await collectBlobGarbage({ db, blobStore }, { cutoff: now - GRACE, dryRun: false });

					for (let i = 0; i < pool.length; i++) {
						const referenced =
							liveImages.some((image) => image.hashes.includes(i)) ||
							(lastUpload.has(i) && lastUpload.get(i)! >= now - GRACE);
						const rows = await db.execute(sql`select 1 from blobs where sha256 = ${hash(i)}`);
						const hasRow =
							(Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).length > 0;
						const hasBytes = await blobStore.has(hash(i));
						if (referenced)
							expect({ blob: i, hasRow, hasBytes }).toEqual({
								blob: i,
								hasRow: true,
								hasBytes: true
							});
						// Garbage: once nothing points at it and it is older than the grace, row and bytes are gone.
						else if (lastUpload.has(i))
							expect({ blob: i, hasRow, hasBytes }).toEqual({
								blob: i,
								hasRow: false,
								hasBytes: false
							});
					}
				}
			}),
			{ numRuns: 15 }
		);
	});

	it('removes stray bytes that have no row once they are older than the grace, and only counts them in a dry run', async () => {
		const { db, blobStore } = relay.deps;
		const bytes = new Uint8Array(randomBytes(100));
		const sha = sha256Hex(bytes);
		await blobStore.put(sha, bytes); // a relay died before recording it
		expect(
			(await collectBlobGarbage({ db, blobStore }, { cutoff: Date.now() - GRACE, dryRun: false }))
				.strays
		).toBe(0);
		const dry = await collectBlobGarbage(
			{ db, blobStore },
			{ cutoff: Date.now() + 1000, dryRun: true }
		);
		expect(dry.strays).toBeGreaterThanOrEqual(1);
		expect(await blobStore.has(sha)).toBe(true);
		await collectBlobGarbage({ db, blobStore }, { cutoff: Date.now() + 1000, dryRun: false });
		expect(await blobStore.has(sha)).toBe(false);
	});
});
