/**
 * RELIABILITY §7.2 F10: PostgreSQL goes down (an immediate stop, like a crash) while generations
 * are at the provider, and comes back. The relay process stays up, /readyz says 503 during the
 * outage and 200 after, a call during the outage gets a clear retryable error, every generation
 * ends done or failed-and-refunded, and the money invariants hold. Runs on a private cluster of its
 * own (server/faults/private-postgres.ts) so the machine's shared server is never stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/free-port';
import { TRPCError } from '@trpc/server';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER } from '#shared/protocol';
import { openPostgres, type DatabaseHandle } from '../db/client';
import { migrate } from '../db/migrate';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import { assertInvariants } from '../testing/invariants';
import { errorDetail } from '../trpc/errors';
import {
	canRunPrivatePostgres,
	createPrivatePostgres,
	type PrivatePostgres
} from '../testing/private-postgres';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readyStatus(url: string): Promise<number> {
	return (await fetch(`${url}/readyz`)).status;
}

/** Retries a call while the database is still coming back (the relay answers those retryably). */
async function eventually<T>(call: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await call();
		} catch (error) {
			if (Date.now() > until) throw error;
			await sleep(200);
		}
	}
}

// It brings its own cluster, so it runs once: in the PGlite pass, not again in the PostgreSQL pass.
describe.skipIf(!canRunPrivatePostgres || !!process.env.TEST_DATABASE_URL)(
	'PostgreSQL restarted mid-run',
	() => {
		let postgres: PrivatePostgres;
		let database: DatabaseHandle;
		let relay: TestRelay;
		const uncaught: unknown[] = [];
		const onUncaught = (error: unknown) => uncaught.push(error);

		beforeAll(async () => {
			postgres = createPrivatePostgres(await freePort());
			database = await openPostgres(postgres.url, 10);
			await migrate(database);
			relay = await startTestRelay(
				{ DEMO_LATENCY_MS: '1500', STARTING_CREDITS: '50' },
				{ database }
			);
			process.on('uncaughtException', onUncaught);
			process.on('unhandledRejection', onUncaught);
		}, 60_000);

		afterAll(async () => {
			process.off('uncaughtException', onUncaught);
			process.off('unhandledRejection', onUncaught);
			try {
				postgres?.start(); // when the test failed during the outage
			} catch {
				// already running
			}
			await relay?.close();
			await database?.close();
			postgres?.destroy();
		});

		it(
			'keeps the relay up, fails readiness during the outage, and settles every generation exactly once',
			{ timeout: 120_000 },
			async () => {
				const url = await relay.listen();
				const { user, caller } = await relay.signUp();
				const ids = Array.from({ length: 4 }, () => uuidv7());
				for (const id of ids)
					await caller.generate.submit({
						id,
						model: 'demo/sketch',
						prompt: `through a restart ${id}`,
						params: { aspectRatio: '1:1' },
						sourceHashes: []
					});
				const charged = (await relay.user(user.id)).credits;
				expect(charged).toBeLessThan(50);

				postgres.crash();
				expect(await readyStatus(url)).toBe(503);
				const during = await caller.generate
					.submit({
						id: uuidv7(),
						model: 'demo/sketch',
						prompt: 'while the database is down',
						params: { aspectRatio: '1:1' },
						sourceHashes: []
					})
					.then(
						() => null,
						(error: unknown) => error
					);
				expect(during).toBeInstanceOf(TRPCError);
				expect(errorDetail(during as TRPCError)).toMatchObject({
					code: 'RELAY_UNAVAILABLE',
					retryable: true
				});
				// Over HTTP too, where the session lookup itself cannot reach the database.
				const overHttp = await fetch(`${url}/trpc/auth.me`, {
					headers: { cookie: 'nbs_session=whatever', [CLIENT_HEADER]: '1' }
				});
				expect(overHttp.status).toBe(503);
				expect(JSON.stringify(await overHttp.json())).toContain('RELAY_UNAVAILABLE');
				// Let the provider calls finish while the database is away: their results must not be lost silently.
				await sleep(2_000);
				postgres.start();

				await eventually(async () => expect(await readyStatus(url)).toBe(200));
				const finals = await eventually(() =>
					Promise.all(ids.map((id) => relay.waitForGeneration(caller, id, 60_000)))
				);
				// The provider made these images while the database was away: they are kept and charged once, not refunded.
				expect(finals.map((status) => status.status)).toEqual(['done', 'done', 'done', 'done']);
				expect(finals.every((status) => status.images.length === 1)).toBe(true);
				expect((await relay.user(user.id)).credits).toBe(charged);

				// The relay serves new work once the database is back.
				const after = uuidv7();
				await caller.generate.submit({
					id: after,
					model: 'demo/sketch',
					prompt: 'after the restart',
					params: { aspectRatio: '1:1' },
					sourceHashes: []
				});
				expect((await relay.waitForGeneration(caller, after, 30_000)).status).toBe('done');
				await eventually(() => assertInvariants(relay.deps.db, { idle: true }));
				expect(uncaught).toEqual([]);
			}
		);
	}
);
