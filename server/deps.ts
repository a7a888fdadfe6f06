/** Everything a request handler may use, built once in app.ts (tests build their own). */
import type { Env } from './env';
import type { Db, DatabaseHandle } from './db/client';
import type { Logger } from './logger';
import type { BlobStore } from './blobs/blob-store';
import type { ImageProvider } from './providers/provider';
import type { RelayModel } from './services/generation-request';
import type { InFlight } from './services/in-flight';
import type { ProviderHealth } from './services/provider-health';
import type { ProviderSlots } from './services/provider-slots';
import type { PokeHub } from './services/sync/poke-hub';
import type { RelayMetrics } from './metrics/relay-metrics';

export interface RelayDeps {
	env: Env;
	db: Db;
	database: DatabaseHandle;
	logger: Logger;
	blobStore: BlobStore;
	providers: ReadonlyMap<string, ImageProvider>;
	catalogue: { list(): RelayModel[]; get(id: string): RelayModel | undefined };
	inFlight: InFlight;
	/** Operator-facing provider problems (rejected key, no funds), shown on /readyz. */
	providerHealth: ProviderHealth;
	/** Per-user request rate and in-flight cap. */
	limits: { perMinute: number; inFlightPerUser: number };
	/** Global provider concurrency, shared with other relay processes through the database. */
	slots: ProviderSlots;
	/** Sync pokes: this process's LISTEN on the seq trigger's NOTIFY, fanned out per user. */
	pokes: PokeHub;
	/** Prometheus counters and gauges, served on /metrics. */
	metrics: RelayMetrics;
	now: () => number;
	/** Generation deadline (from env, overridable in tests). */
	timeoutMs: number;
	/** Longest a generation waits queued for a provider slot (GENERATION_QUEUE_TIMEOUT_MS). */
	queueTimeoutMs: number;
}
