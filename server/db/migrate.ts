/** Applies the committed drizzle/ migrations at start-up (the same files serve PGlite and Postgres). */
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { DatabaseHandle } from './client';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export async function migrate(handle: DatabaseHandle): Promise<void> {
	const config = { migrationsFolder: MIGRATIONS_DIR };
	// Both migrators only need the drizzle session; the casts pick the dialect's signature.
	if (handle.kind === 'pglite') await migratePglite(handle.db as never, config);
	else await migratePostgres(handle.db as never, config);
}
