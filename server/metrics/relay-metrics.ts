/**
 * The relay's Prometheus metrics (prom-client), one registry per relay (tests start many).
 * Counters are per process — sum them over relays. The generation gauges are read from the
 * database at scrape time and are the same on every relay — take max() over relays, not sum().
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/client';
import { queueDepth } from '../db/repositories/stats.repository';

export interface RelayMetrics {
	readonly registry: Registry;
	request(route: string, method: string, status: number, seconds: number): void;
	/** A generation ended: `outcome` is `done` or the failure's error code. */
	generation(provider: string, model: string, outcome: string, seconds: number): void;
	credits(kind: 'charged' | 'refunded', amount: number): void;
	sync(kind: 'push' | 'pull', items: number): void;
	blobStored(bytes: number): void;
}

/** Collapses a path into a route label with a bounded set of values. */
export function routeLabel(pathname: string): string {
	if (pathname.startsWith('/trpc/')) {
		const procedures = pathname.slice('/trpc/'.length);
		return procedures.includes(',') ? '/trpc/(batch)' : `/trpc/${procedures.slice(0, 64)}`;
	}
	if (pathname.startsWith('/blob/')) return '/blob/:sha256';
	// /v1 (issue 13): a bounded set of labels — never a hash, a model id or a caller's made-up path.
	if (pathname.startsWith('/v1/files/')) return '/v1/files/:sha256';
	if (pathname.startsWith('/v1/models/')) return '/v1/models/:id';
	if (['/v1/models', '/v1/images/generations', '/v1/images/edits'].includes(pathname))
		return pathname;
	if (pathname.startsWith('/v1/')) return '/v1/(other)';
	if (['/healthz', '/readyz', '/metrics'].includes(pathname)) return pathname;
	return '(app)';
}

export function createRelayMetrics(
	db: Db,
	options: { defaultMetrics?: boolean } = {}
): RelayMetrics {
	const registry = new Registry();
	if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'nbs_' });
	const requests = new Counter({
		name: 'nbs_http_requests_total',
		help: 'HTTP requests by route and status',
		labelNames: ['route', 'method', 'status'],
		registers: [registry]
	});
	const requestSeconds = new Histogram({
		name: 'nbs_http_request_duration_seconds',
		help: 'HTTP request duration by route',
		labelNames: ['route'],
		buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
		registers: [registry]
	});
	const generationSeconds = new Histogram({
		name: 'nbs_generation_duration_seconds',
		help: 'Generation time at the provider and storing the image, by provider, model and outcome',
		labelNames: ['provider', 'model', 'outcome'],
		buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
		registers: [registry]
	});
	const providerErrors = new Counter({
		name: 'nbs_provider_errors_total',
		help: 'Failed generations by provider and error code',
		labelNames: ['provider', 'code'],
		registers: [registry]
	});
	const credits = new Counter({
		name: 'nbs_credits_total',
		help: 'Credits charged for images made and refunded for failures',
		labelNames: ['kind'],
		registers: [registry]
	});
	const sync = new Counter({
		name: 'nbs_sync_items_total',
		help: 'Mutations pushed and changes pulled',
		labelNames: ['kind'],
		registers: [registry]
	});
	const syncCalls = new Counter({
		name: 'nbs_sync_calls_total',
		help: 'sync.push and sync.pull calls',
		labelNames: ['kind'],
		registers: [registry]
	});
	const blobBytes = new Counter({
		name: 'nbs_blob_bytes_stored_total',
		help: 'Bytes written to the blob store',
		registers: [registry]
	});
	new Gauge({
		name: 'nbs_generations',
		help: 'Generations queued (waiting for a provider slot) and running (slots in use), across all relays',
		labelNames: ['status'],
		registers: [registry],
		async collect() {
			const depth = await queueDepth(db);
			this.reset();
			for (const status of ['queued', 'running'] as const) this.set({ status }, depth[status]);
		}
	});

	return {
		registry,
		request(route, method, status, seconds) {
			requests.inc({ route, method, status: String(status) });
			requestSeconds.observe({ route }, seconds);
		},
		generation(provider, model, outcome, seconds) {
			generationSeconds.observe({ provider, model, outcome }, seconds);
			if (outcome !== 'done') providerErrors.inc({ provider, code: outcome });
		},
		credits(kind, amount) {
			if (amount > 0) credits.inc({ kind }, amount);
		},
		sync(kind, items) {
			syncCalls.inc({ kind });
			sync.inc({ kind }, items);
		},
		blobStored(bytes) {
			blobBytes.inc(bytes);
		}
	};
}
