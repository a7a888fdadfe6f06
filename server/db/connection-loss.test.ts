/**
 * PostgreSQL may drop a connection at any time (restart, failover, an admin's pg_terminate_backend).
 * The relay must turn that into a failed query and go on, never into a crash of the process:
 * postgres.js 3.4.9 throws from a deferred write on a closed socket (porsager/postgres#1208),
 * which `patches/postgres+3.4.9.patch` settles as CONNECTION_CLOSED instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openPostgres, type DatabaseHandle } from './client';
import { rowsOf } from './rows';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('a PostgreSQL connection killed under the relay', () => {
	let handle: DatabaseHandle;
	const uncaught: unknown[] = [];
	const onUncaught = (error: unknown) => uncaught.push(error);
	beforeAll(async () => {
		handle = await openPostgres(url!, 4);
		process.on('uncaughtException', onUncaught);
	});
	afterAll(async () => {
		process.off('uncaughtException', onUncaught);
		await handle.close();
	});

	it('fails the queries that were on it, keeps the process alive, and serves the next query', async () => {
		for (let round = 0; round < 3; round++) {
			const outcome = handle.db
				.transaction(async (tx) => {
					const [{ pid }] = rowsOf<{ pid: number }>(
						await tx.execute(sql`select pg_backend_pid() as pid`)
					);
					await handle.db.execute(sql`select pg_terminate_backend(${pid})`);
					// Small statements are the ones postgres.js defers to an Immediate.
					await Promise.all([
						tx.execute(sql`select 1`),
						tx.execute(sql`select 2`),
						tx.execute(sql`select 3`)
					]);
				})
				.then(
					() => 'committed',
					() => 'failed'
				);
			expect(await outcome).toBe('failed');
			await new Promise((resolve) => setImmediate(resolve));
			await handle.ping();
		}
		expect(uncaught).toEqual([]);
	});
});
