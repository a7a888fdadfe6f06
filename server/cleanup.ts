/**
 * `npm run cleanup [-- --dry-run]`: one cleanup pass now (what the relay also runs daily), printing
 * what it removed or, with --dry-run, what it would remove. On PGlite stop the relay first (the data
 * folder is locked to one process); on PostgreSQL it may run beside running relays.
 */
import { join, resolve } from 'node:path';
import { parseEnv, SECRET_ENV_KEYS } from './env';
import { openPglite, openPostgres } from './db/client';
import { lockDataDir } from './db/data-dir-lock';
import { migrate } from './db/migrate';
import { openBlobStore } from './blobs/open-blob-store';
import { createLogger } from './logger';
import { runCleanup } from './services/cleanup/cleanup.service';

const env = parseEnv();
const dryRun = process.argv.includes('--dry-run');
const dataDir = resolve(env.DATA_DIR);
const secrets = SECRET_ENV_KEYS.map((k) => env[k]).filter(
	(v): v is string => typeof v === 'string'
);
const logger = createLogger({ level: env.LOG_LEVEL, secrets });
const release = env.DATABASE_URL ? null : lockDataDir(join(dataDir, 'pglite'));
const database = env.DATABASE_URL
	? await openPostgres(env.DATABASE_URL, 2)
	: await openPglite(join(dataDir, 'pglite'));
try {
	await migrate(database);
	const report = await runCleanup(
		{ db: database.db, blobStore: openBlobStore(env, dataDir), logger, now: Date.now, env },
		{ dryRun }
	);
	console.log(JSON.stringify(report, null, 2));
} finally {
	await database.close();
	release?.();
}
