/**
 * Builds the relay's dependencies from the environment: database (PGlite with a folder lock, or
 * Postgres), migrations, blob store, providers and catalogue, logger; and the orphan reaper.
 */
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Env } from './env';
import { SECRET_ENV_KEYS } from './env';
import { openPglite, openPostgres, type DatabaseHandle } from './db/client';
import { CLOCK_SKEW_WARN_MS, measureClockSkew } from './services/clock-skew';
import { migrate } from './db/migrate';
import { lockDataDir } from './db/data-dir-lock';
import { createLogger, type Logger } from './logger';
import { openBlobStore } from './blobs/open-blob-store';
import { createProviderRegistry } from './providers/registry';
import { createInFlight } from './services/in-flight';
import { createProviderHealth } from './services/provider-health';
import { createProviderSlots } from './services/provider-slots';
import { reapOrphanedGenerations } from './services/generate.service';
import { deleteWindowsBefore } from './db/repositories/limits.repository';
import { RATE_WINDOW_MS } from './services/rate-limit';
import type { RelayDeps } from './deps';
import { createPokeHub } from './services/sync/poke-hub';
import { createRelayMetrics } from './metrics/relay-metrics';
import { scheduleCleanup } from './services/cleanup/cleanup.service';

export interface Runtime {
	deps: RelayDeps;
	/** Stops background timers, waits for in-flight generations, closes the database. */
	shutdown(graceMs?: number): Promise<void>;
}

/** How often orphaned generations (their relay died) are looked for. */
const REAP_INTERVAL_MS = 60_000;

export async function createRuntime(
	env: Env,
	// Tests only: `now` is a clock that jumps; a long `slotFallbackPollMs` proves that freed slots wake the dispatcher.
	options: {
		logger?: Logger;
		database?: DatabaseHandle;
		fetch?: typeof fetch;
		now?: () => number;
		slotFallbackPollMs?: number;
	} = {}
): Promise<Runtime> {
	const secrets = SECRET_ENV_KEYS.map((k) => env[k]).filter(
		(v): v is string => typeof v === 'string'
	);
	const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL, secrets });
	const dataDir = resolve(env.DATA_DIR);
	mkdirSync(dataDir, { recursive: true });

	let releaseLock: (() => void) | null = null;
	let database = options.database;
	if (!database) {
		if (env.DATABASE_URL) {
			database = await openPostgres(env.DATABASE_URL);
		} else {
			const pgDir = join(dataDir, 'pglite');
			mkdirSync(pgDir, { recursive: true });
			releaseLock = lockDataDir(pgDir);
			const started = performance.now();
			database = await openPglite(pgDir);
			logger.info({ ms: Math.round(performance.now() - started) }, 'PGlite opened');
		}
	}
	await migrate(database);

	const { providers, catalogue, configured } = createProviderRegistry({
		env,
		fetch: options.fetch
	});
	logger.info(
		{ providers: configured, models: catalogue.list().map((m) => m.id) },
		'providers configured'
	);
	const now = options.now ?? (() => Date.now());
	const deps: RelayDeps = {
		env,
		db: database.db,
		database,
		logger,
		blobStore: openBlobStore(env, dataDir),
		providers,
		catalogue,
		inFlight: createInFlight((error) => logger.error({ err: error }, 'background work failed')),
		providerHealth: createProviderHealth(),
		limits: { perMinute: env.RATE_LIMIT_PER_MINUTE, inFlightPerUser: env.MAX_IN_FLIGHT_PER_USER },
		slots: createProviderSlots({
			defaultConcurrency: env.GLOBAL_PROVIDER_CONCURRENCY,
			logger,
			fallbackPollMs: options.slotFallbackPollMs
		}),
		pokes: createPokeHub(database),
		metrics: createRelayMetrics(database.db, { defaultMetrics: Boolean(env.METRICS_TOKEN) }),
		now,
		timeoutMs: env.GENERATION_TIMEOUT_MS,
		queueTimeoutMs: env.GENERATION_QUEUE_TIMEOUT_MS
	};

	await warnOnClockSkew(deps);
	await deps.pokes.start();
	// This process holds the PGlite data-dir lock, so whatever is still queued or running was left by
	// a relay that died (kill -9, power loss): refund it now rather than when its lease runs out.
	await reapOrphanedGenerations(deps, { all: releaseLock !== null });
	deps.slots.start(deps);
	const reaper = setInterval(() => {
		reapOrphanedGenerations(deps).catch((error: unknown) =>
			logger.error({ err: error }, 'reaper failed')
		);
		warnOnClockSkew(deps).catch(() => {}); // a database outage is reported by /readyz
		deleteWindowsBefore(deps.db, now() - 2 * RATE_WINDOW_MS).catch((error: unknown) =>
			logger.error({ err: error }, 'rate-limit cleanup failed')
		);
	}, REAP_INTERVAL_MS);
	reaper.unref();
	const stopCleanup = scheduleCleanup(deps);

	return {
		deps,
		async shutdown(graceMs = 10_000) {
			clearInterval(reaper);
			stopCleanup();
			// Queued work never reached a provider: refund it now rather than after its lease.
			await deps.slots.stop();
			await deps.inFlight.drain(graceMs);
			await deps.pokes.stop();
			await database.close();
			releaseLock?.();
		}
	};
}

/** Logs an error when this relay's clock and the database's differ by more than a lease can absorb. */
async function warnOnClockSkew(deps: RelayDeps): Promise<void> {
	const skewMs = await measureClockSkew(deps);
	if (Math.abs(skewMs) > CLOCK_SKEW_WARN_MS) {
		deps.logger.error(
			{ skewMs },
			"the relay clock differs from the database clock: fix the time sync (NTP), or relays will refund each other's generations"
		);
	}
}
