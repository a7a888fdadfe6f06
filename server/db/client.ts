/**
 * Opens the database: embedded PGlite (default, a folder under DATA_DIR, or in memory for tests)
 * or PostgreSQL through postgres.js when a URL is given. Both yield the same drizzle `Db` type.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema/index';

export type Schema = typeof schema;
/** The drizzle handle every repository takes: the same API on PGlite and Postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
	db: Db;
	kind: 'pglite' | 'postgres';
	/** Cheap round trip for /readyz. */
	ping(): Promise<void>;
	/** LISTEN on a channel (NOTIFY is delivered after the sender's commit); resolves to its unlisten. */
	listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

/** Opens PGlite in `dataDir` (created if missing), or in memory when `dataDir` is null. */
export async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
	if (dataDir) mkdirSync(dataDir, { recursive: true });
	const client = dataDir ? new PGlite(dataDir) : new PGlite();
	await client.waitReady;
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	return {
		db,
		kind: 'pglite',
		ping: async () => void (await client.query('select 1')),
		listen: (channel, onPayload) =>
			client.listen(channel, onPayload).then((unlisten) => () => unlisten()),
		close: () => client.close()
	};
}

/** Connects to PostgreSQL; `max` bounds the pool. postgres.js connects on the first query. */
export function openPostgres(url: string, max = 10): Promise<DatabaseHandle> {
	// postgres.js counts failed connects across the whole pool and waits up to 20 s between them by
	// default, so a relay came back ~15 s after a 2 s database restart. Cap the wait at 1 s (jittered).
	const backoff = (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 1);
	const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10, backoff });
	const db = drizzlePostgres(client, { schema }) as unknown as Db;
	return Promise.resolve({
		db,
		kind: 'postgres',
		ping: async () => void (await client`select 1`),
		// postgres.js keeps one extra connection for all LISTENs of this process.
		listen: async (channel, onPayload) => {
			const request = await client.listen(channel, onPayload);
			return () => request.unlisten();
		},
		close: () => client.end({ timeout: 5 })
	});
}
