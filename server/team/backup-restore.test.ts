/**
 * The documented backups restore to the same studio: the same balances and ledger sums, the same
 * images, and every image's bytes readable. PGlite: a copy of the data folder taken while the relay
 * is stopped. PostgreSQL: `pg_dump -Fc` then `pg_restore` (run when TEST_DATABASE_URL is set),
 * with the blob folder copied after the dump.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { createRuntime, type Runtime } from '../bootstrap';
import { parseEnv } from '../env';
import { createLogger } from '../logger';
import { appRouter } from '../trpc/router';
import { createCallerFactory } from '../trpc/init';
import { createContextInner } from '../trpc/context';
import { findUserById } from '../db/repositories/users.repository';
import { rowsOf } from '../db/rows';

const run = promisify(execFile);
const createCaller = createCallerFactory(appRouter);
const quiet = createLogger({ level: 'silent', secrets: [] });
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'nbs-backup-'));
	dirs.push(dir);
	return dir;
}

async function startRuntime(dataDir: string, databaseUrl?: string): Promise<Runtime> {
	const env = parseEnv({
		DATA_DIR: dataDir,
		DEMO_PROVIDER: 'on',
		DEMO_LATENCY_MS: '0',
		STATIC_DIR: join(dataDir, 'none'),
		...(databaseUrl ? { DATABASE_URL: databaseUrl } : {})
	});
	return createRuntime(env, { logger: quiet });
}

/** Two users with generated images and a ledger; returns nothing — the snapshot below reads it back. */
async function makeStudio(runtime: Runtime): Promise<void> {
	const deps = runtime.deps;
	for (const email of ['ana@example.test', 'bo@example.test']) {
		const me = await createCaller(createContextInner({ deps, user: null })).auth.register({
			email,
			password: 'correct horse battery'
		});
		const caller = createCaller(
			createContextInner({ deps, user: (await findUserById(deps.db, me.id))! })
		);
		for (let i = 0; i < 1; i++) {
			const id = uuidv7();
			await caller.generate.submit({
				id,
				model: 'demo/sketch',
				prompt: `picture ${i} of ${email}`,
				params: {},
				sourceHashes: []
			});
			for (let status = 'running'; status !== 'done';) {
				status = (await caller.generate.status({ id })).status;
				if (status === 'failed') throw new Error('generation failed');
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		}
	}
}

interface Snapshot {
	balances: { email: string; credits: number; ledger: number }[];
	images: { id: string; sha256: string; readable: boolean }[];
}

async function snapshot(runtime: Runtime): Promise<Snapshot> {
	const db = runtime.deps.db;
	const balances = rowsOf<{ email: string; credits: number; ledger: number }>(
		await db.execute(
			sql`select u.email, u.credits, coalesce(sum(l.amount), 0)::int as ledger from users u left join credit_ledger l on l.user_id = u.id group by u.id order by u.email`
		)
	);
	const images = rowsOf<{ id: string; sha256: string }>(
		await db.execute(sql`select id, sha256 from images order by id`)
	);
	return {
		balances: balances.map((b) => ({
			email: b.email,
			credits: Number(b.credits),
			ledger: Number(b.ledger)
		})),
		images: await Promise.all(
			images.map(async (i) => ({
				...i,
				readable: (await runtime.deps.blobStore.get(i.sha256)) !== null
			}))
		)
	};
}

describe('backup and restore', () => {
	it('PGlite: a copy of the data folder taken while stopped restores the same studio', async () => {
		const live = tempDir();
		const original = await startRuntime(live);
		await makeStudio(original);
		const before = await snapshot(original);
		await original.shutdown(2_000);

		const restored = tempDir();
		cpSync(live, restored, { recursive: true });
		const copy = await startRuntime(restored);
		try {
			const after = await snapshot(copy);
			expect(after).toEqual(before);
			expect(after.images).toHaveLength(2);
			expect(after.images.every((i) => i.readable)).toBe(true);
		} finally {
			await copy.shutdown(2_000);
		}
	}, 120_000);

	it.skipIf(!process.env.TEST_DATABASE_URL)(
		'PostgreSQL: pg_dump, then the blob folder, restore with pg_restore to the same studio',
		async () => {
			const server = process.env.TEST_DATABASE_URL!;
			const admin = postgres(server, { max: 1, onnotice: () => {} });
			const names = [
				`nbs_backup_${randomBytes(4).toString('hex')}`,
				`nbs_restore_${randomBytes(4).toString('hex')}`
			];
			const urlOf = (name: string) =>
				Object.assign(new URL(server), { pathname: `/${name}` }).toString();
			for (const name of names) await admin.unsafe(`create database ${name}`);
			try {
				const live = tempDir();
				const original = await startRuntime(live, urlOf(names[0]));
				await makeStudio(original);
				const before = await snapshot(original);
				const dump = join(tempDir(), 'studio.dump');
				await run('pg_dump', ['-Fc', '-f', dump, urlOf(names[0])]);
				const restoredDir = tempDir();
				cpSync(join(live, 'blobs'), join(restoredDir, 'blobs'), { recursive: true });
				await original.shutdown(2_000);

				await run('pg_restore', ['--no-owner', '-d', urlOf(names[1]), dump]);
				const copy = await startRuntime(restoredDir, urlOf(names[1]));
				try {
					expect(await snapshot(copy)).toEqual(before);
				} finally {
					await copy.shutdown(2_000);
				}
			} finally {
				for (const name of names)
					await admin.unsafe(`drop database if exists ${name} with (force)`);
				await admin.end();
			}
		},
		120_000
	);
});
