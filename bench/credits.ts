/**
 * `npm run bench:credits` — how fast credits move, printed as figures (never asserted):
 *  1. reserves per second with 32 concurrent clients (the submit's transaction: reserveCharge — the
 *     charge and the in-flight count in one call of nbs_apply_ledger — plus the generation insert),
 *     across 100 users (throughput) and on ONE user's row (the hot-row ceiling);
 *  2. the latency the per-user rate-limit check adds to that reserve (median / p95, with and without).
 * Runs on in-memory PGlite, and on PostgreSQL too when TEST_DATABASE_URL or DATABASE_URL is set
 * (a temporary database on that server, dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { uuidv7 } from '#shared/ids';
import { openPglite, openPostgres, type DatabaseHandle, type Db } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import {
	applyLedgerEntry,
	ledgerSum,
	reserveCharge
} from '../server/db/repositories/credits.repository';
import { insertGeneration } from '../server/db/repositories/generations.repository';
import { users } from '../server/db/schema/index';
import { takeRateLimit } from '../server/services/rate-limit';
import { eq } from 'drizzle-orm';

const CLIENTS = 32;
const SMOKE = Boolean(process.env.BENCH_SMOKE);
const DEBIT_SECONDS = Number(process.env.BENCH_SECONDS ?? (SMOKE ? 1 : 4));
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? (SMOKE ? 20 : 300));

async function openBenchDatabase(
	kind: 'pglite' | 'postgres',
	serverUrl?: string
): Promise<DatabaseHandle> {
	if (kind === 'pglite') {
		const handle = await openPglite(null);
		await migrate(handle);
		return handle;
	}
	const name = `nbs_bench_${randomBytes(6).toString('hex')}`;
	const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl!);
	url.pathname = `/${name}`;
	const handle = await openPostgres(url.toString(), CLIENTS + 2);
	await migrate(handle);
	return {
		...handle,
		async close() {
			await handle.close();
			const cleanup = postgres(serverUrl!, { max: 1, onnotice: () => {} });
			await cleanup.unsafe(`drop database if exists ${name} with (force)`);
			await cleanup.end();
		}
	};
}

async function createRichUser(db: Db): Promise<string> {
	const id = uuidv7();
	const now = Date.now();
	await db.insert(users).values({
		id,
		email: `bench-${id}@example.test`,
		passwordHash: 'x',
		credits: 0,
		createdAt: now,
		updatedAt: now
	});
	await db.transaction((tx) =>
		applyLedgerEntry(tx as unknown as Db, { userId: id, amount: 100_000_000, kind: 'grant', now })
	);
	return id;
}

/** The submit's money transaction: charge + in-flight count (one call), record the generation (done at once, so the cap never bites). */
async function reserve(db: Db, userId: string): Promise<void> {
	const id = uuidv7();
	const now = Date.now();
	await db.transaction(async (tx) => {
		const txDb = tx as unknown as Db;
		const left = await reserveCharge(
			txDb,
			{ userId, amount: -1, generationId: id, now },
			1_000_000
		);
		if (left === null) throw new Error('out of credits');
		await insertGeneration(txDb, {
			id,
			userId,
			requestHash: 'bench',
			model: 'bench',
			provider: 'bench',
			prompt: 'bench',
			params: {},
			sourceHashes: [],
			status: 'done',
			price: 1,
			leaseUntil: now,
			createdAt: now,
			finishedAt: now
		});
	});
}

const USERS = 100;

/** Reserves per second by CLIENTS concurrent clients over `userCount` users (round robin), and whether every balance still equals its ledger. */
async function reservesPerSecond(
	db: Db,
	userCount: number
): Promise<{ perSecond: number; total: number; balanceMatchesLedger: boolean }> {
	const userIds: string[] = [];
	for (let i = 0; i < userCount; i++) userIds.push(await createRichUser(db));
	const counts = new Map(userIds.map((id) => [id, 0]));
	const warm = Math.max(50, userCount);
	for (let i = 0; i < warm; i++) {
		const userId = userIds[i % userCount];
		await reserve(db, userId); // warm-up (JIT, plans, pool connections)
		counts.set(userId, counts.get(userId)! + 1);
	}
	const until = performance.now() + DEBIT_SECONDS * 1000;
	let total = 0;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CLIENTS }, async () => {
			while (performance.now() < until) {
				const userId = userIds[next++ % userCount];
				await reserve(db, userId);
				counts.set(userId, counts.get(userId)! + 1);
				total++;
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	let balanceMatchesLedger = true;
	for (const userId of userIds) {
		const [row] = await db
			.select({ credits: users.credits })
			.from(users)
			.where(eq(users.id, userId));
		if (
			row.credits !== (await ledgerSum(db, userId)) ||
			row.credits !== 100_000_000 - counts.get(userId)!
		)
			balanceMatchesLedger = false;
	}
	return { perSecond: total / seconds, total, balanceMatchesLedger };
}

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function rateLimitLatency(db: Db): Promise<{ without: number[]; withCheck: number[] }> {
	const userId = await createRichUser(db);
	const deps = { db, now: () => Date.now() };
	const time = async (work: () => Promise<void>) => {
		const samples: number[] = [];
		for (let i = 0; i < LATENCY_SAMPLES; i++) {
			const t = performance.now();
			await work();
			samples.push(performance.now() - t);
		}
		return samples.sort((a, b) => a - b);
	};
	// Warm up first; both paths are then measured over the same number of samples.
	await time(() => reserve(db, userId));
	const without = await time(() => reserve(db, userId));
	const withCheck = await time(async () => {
		await takeRateLimit(deps, { key: `bench:${userId}`, limit: 1_000_000 });
		await reserve(db, userId);
	});
	return { without, withCheck };
}

async function run(kind: 'pglite' | 'postgres', serverUrl?: string): Promise<void> {
	const handle = await openBenchDatabase(kind, serverUrl);
	try {
		const spread = await reservesPerSecond(handle.db, USERS);
		const debits = await reservesPerSecond(handle.db, 1);
		const latency = await rateLimitLatency(handle.db);
		const fmt = (n: number) => n.toFixed(2);
		const m0 = percentile(latency.without, 50);
		const m1 = percentile(latency.withCheck, 50);
		const p0 = percentile(latency.without, 95);
		const p1 = percentile(latency.withCheck, 95);
		console.log(`\n${kind}`);
		const line = (what: string, r: typeof debits) =>
			`  reserves ${what}, ${CLIENTS} concurrent clients: ${Math.round(r.perSecond)} /s (${r.total} in ${DEBIT_SECONDS} s; balance = ledger sum: ${r.balanceMatchesLedger ? 'yes' : 'NO'})`;
		console.log(line(`across ${USERS} users`, spread));
		console.log(line(`on one user's row`, debits));
		console.log(
			`  reserve latency without rate-limit check: median ${fmt(m0)} ms, p95 ${fmt(p0)} ms`
		);
		console.log(
			`  reserve latency with rate-limit check:    median ${fmt(m1)} ms, p95 ${fmt(p1)} ms`
		);
		console.log(
			`  added by the rate-limit check:             median ${fmt(m1 - m0)} ms, p95 ${fmt(p1 - p0)} ms`
		);
	} finally {
		await handle.close();
	}
}

const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
console.log(
	`bench:credits — ${CLIENTS} clients for ${DEBIT_SECONDS} s; ${LATENCY_SAMPLES} latency samples per path`
);
await run('pglite');
if (serverUrl) await run('postgres', serverUrl);
else console.log('\npostgres: skipped (set TEST_DATABASE_URL or DATABASE_URL)');
