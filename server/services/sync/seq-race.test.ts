/**
 * SYNC §5.2 seq-visibility race, on real PostgreSQL only (PGlite runs one transaction at a time):
 * K writers commit rows of one user while pullers page with random limits; every puller must end
 * up with every row. The same checker run against a plain-sequence table proves it can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { uuidv7 } from '#shared/ids';
import { SYNC_SCHEMA_VERSION } from '#shared/schemas/sync';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';
import { prompts } from '../../db/schema/index';
import type { Db } from '../../db/client';
import { pullChanges } from './pull.service';
import { rowsOf } from '../../db/rows';

interface Page {
	ids: string[];
	nextCursor: number;
	hasMore: boolean;
}

/** A small seeded PRNG (mulberry32), so a failing run can be repeated. */
function prng(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Runs writers and pullers at once; returns, per puller, the written ids it never saw. */
async function findSkippedRows(options: {
	writers: number;
	rowsPerWriter: number;
	pullers: number;
	seed: number;
	write(random: () => number): Promise<string>;
	page(cursor: number, limit: number): Promise<Page>;
}): Promise<string[][]> {
	const random = prng(options.seed);
	const written: string[] = [];
	let writing = true;
	const writers = Array.from({ length: options.writers }, async () => {
		for (let i = 0; i < options.rowsPerWriter; i++) written.push(await options.write(random));
	});
	const pullers = Array.from({ length: options.pullers }, async () => {
		const seen = new Set<string>();
		let cursor = 0;
		for (;;) {
			const finalRound = !writing;
			const page = await options.page(cursor, 1 + Math.floor(random() * 7));
			page.ids.forEach((id) => seen.add(id));
			cursor = page.nextCursor;
			if (finalRound && !page.hasMore) return seen;
		}
	});
	await Promise.all(writers);
	writing = false;
	const seenSets = await Promise.all(pullers);
	return seenSets.map((seen) => written.filter((id) => !seen.has(id)));
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('seq visibility race (PostgreSQL)', () => {
	let relay: TestRelay;
	let db: Db;
	beforeAll(async () => {
		relay = await startTestRelay();
		db = relay.deps.db;
	});
	afterAll(() => relay.close());

	it('never lets a puller skip a row when seq comes from the per-user trigger', async () => {
		const { user } = await relay.signUp();
		const clientId = uuidv7();
		const missing = await findSkippedRows({
			writers: 6,
			rowsPerWriter: 25,
			pullers: 3,
			seed: 1,
			async write(random) {
				const id = uuidv7();
				// Hold the transaction open after the trigger stamped seq: the window a plain sequence loses rows in.
				await db.transaction(async (tx) => {
					await tx
						.insert(prompts)
						.values({ userId: user.id, id, title: 't', text: 'x', createdAt: 1, updatedAt: 1 });
					await tx.execute(sql`select pg_sleep(${random() * 0.01})`);
				});
				return id;
			},
			async page(cursor, limit) {
				const result = await pullChanges(relay.deps, user.id, {
					clientId,
					schemaVersion: SYNC_SCHEMA_VERSION,
					cursor,
					limit
				});
				if (result.reset) throw new Error('unexpected reset');
				return {
					ids: result.changes.map((c) => c.id),
					nextCursor: result.nextCursor,
					hasMore: result.hasMore
				};
			}
		});
		expect(missing).toEqual([[], [], []]);
	});

	it('detects a skipped row when the cursor comes from a plain sequence (the checker has teeth)', async () => {
		await db.execute(sql`create sequence race_plain_seq`);
		await db.execute(
			sql`create table race_plain (id text primary key, seq bigint not null default nextval('race_plain_seq'))`
		);
		let detected = false;
		for (let round = 0; round < 10 && !detected; round++) {
			const missing = await findSkippedRows({
				writers: 6,
				rowsPerWriter: 25,
				pullers: 3,
				seed: round + 1,
				async write(random) {
					const id = uuidv7();
					await db.transaction(async (tx) => {
						await tx.execute(sql`insert into race_plain (id) values (${id})`);
						await tx.execute(sql`select pg_sleep(${random() * 0.01})`);
					});
					return id;
				},
				async page(cursor, limit) {
					const result = rowsOf<{ id: string; seq: string }>(
						await db.execute(
							sql`select id, seq from race_plain where seq > ${cursor} order by seq limit ${limit + 1}`
						)
					);
					const rows = result.slice(0, limit);
					const hasMore = result.length > limit;
					const top = rows.length ? Number(rows[rows.length - 1].seq) : cursor;
					return { ids: rows.map((r) => r.id), nextCursor: top, hasMore };
				}
			});
			detected = missing.some((m) => m.length > 0);
		}
		expect(detected).toBe(true);
	});
});
