/**
 * SYNC §5.1: the deterministic multi-device simulation. ~100 seeded cases per CI run on the
 * test database (PGlite, or Postgres with TEST_DATABASE_URL); SYNC_SIM_RUNS=1000 for a soak,
 * SYNC_SIM_SEED=<n> to replay one case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase } from '../testing/test-database';
import { runCase, type CaseResult } from './run-case';
import { SimServer } from './sim-server';

// 100 cases on PGlite (seeds 1–100); CI's second pass on PostgreSQL runs 50 other ones (101–150),
// half as many to stay inside the 15-minute CI budget.
const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);
const RUNS = Number(process.env.SYNC_SIM_RUNS ?? (ON_POSTGRES ? 15 : 30));
const COMMANDS = Number(process.env.SYNC_SIM_COMMANDS ?? 20);
const FIRST_SEED = Number(process.env.SYNC_SIM_FIRST_SEED ?? (ON_POSTGRES ? 101 : 1));
const seeds = process.env.SYNC_SIM_SEED
	? [Number(process.env.SYNC_SIM_SEED)]
	: Array.from({ length: RUNS }, (_, i) => FIRST_SEED + i);

describe('sync simulation (SYNC §5.1)', () => {
	let database: DatabaseHandle;
	let dataDir: string;
	let server: SimServer;
	const results: CaseResult[] = [];
	beforeAll(async () => {
		database = await openTestDatabase();
		dataDir = mkdtempSync(join(tmpdir(), 'nbs-sync-sim-'));
		server = await SimServer.start(database, dataDir, Date.now());
	});
	afterAll(async () => {
		const totals: Record<string, number> = {};
		for (const r of results)
			for (const [k, v] of Object.entries(r.stats)) totals[k] = (totals[k] ?? 0) + v;
		console.info(
			`sync-sim: ${results.length} cases, ${COMMANDS} commands each; totals ${JSON.stringify(totals)}`
		);
		await server?.close();
		await database?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it.each(seeds)(
		'converges with every invariant holding for seed %i',
		async (seed) => {
			const result = await runCase(seed, COMMANDS, server);
			results.push(result);
			expect(result.healRounds).toBeGreaterThan(0);
		},
		120_000
	);
});
