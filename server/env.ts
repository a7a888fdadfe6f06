/**
 * The relay's configuration, parsed from the environment with zod once at start.
 * Bad config stops the process with a readable list of what is wrong; nothing else reads process.env.
 */
import { z } from 'zod';
import {
	PROVIDER_ACCOUNTS,
	PROVIDER_KEY_ENVS,
	type ProviderBaseUrlEnv,
	type ProviderKeyEnv
} from './providers/accounts';

const optionalUrl = z.url().optional();
const optionalKey = z.string().min(1).optional();
/** A key and an optional base URL (a proxy or a compatible service) per provider account. */
const providerAccountShape = Object.fromEntries(
	PROVIDER_ACCOUNTS.flatMap((account) => [
		[account.keyEnv, optionalKey],
		[account.baseUrlEnv, optionalUrl]
	])
) as Record<ProviderKeyEnv, typeof optionalKey> & Record<ProviderBaseUrlEnv, typeof optionalUrl>;

const flag = z
	.enum(['true', 'false', '1', '0', 'on', 'off', 'auto'])
	.optional()
	.transform((v) =>
		v === undefined || v === 'auto' ? 'auto' : ['true', '1', 'on'].includes(v) ? 'on' : 'off'
	);

export const EnvSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('127.0.0.1'),
	/** Where PGlite's data and the blob store live. */
	DATA_DIR: z.string().default('./data'),
	/** Selects PostgreSQL through postgres.js instead of the embedded PGlite. */
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
		.optional(),
	/** The built PWA to serve; missing folder = API only. */
	STATIC_DIR: z.string().default('./build'),
	/** Origins allowed to call the API from a browser besides the relay's own. */
	ALLOWED_ORIGINS: z
		.string()
		.optional()
		.transform((v) =>
			v
				? v
						.split(',')
						.map((s) => s.trim())
						.filter(Boolean)
				: []
		),
	STARTING_CREDITS: z.coerce.number().int().min(0).max(1_000_000).default(100),
	/** Emails (comma-separated) that become admins when they sign up, besides the first account. */
	ADMIN_EMAILS: z
		.string()
		.optional()
		.transform((v) =>
			v
				? v
						.split(',')
						.map((s) => s.trim().toLowerCase())
						.filter(Boolean)
				: []
		),
	/** Cookie `Secure` flag; on by default unless serving plain http on localhost. */
	COOKIE_SECURE: flag,
	SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	/** Deadline of one generation from dispatch (a provider slot taken), provider call included. */
	GENERATION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(900_000).default(120_000),
	/** Longest a generation may wait queued for a provider slot; then it fails (PROVIDER_TIMEOUT) and is refunded. */
	GENERATION_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
	/** Generation requests one user may submit per minute (shared by all relay processes). */
	RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
	/** Generations one user may have running at once; more are refused with 429 until one ends. */
	MAX_IN_FLIGHT_PER_USER: z.coerce.number().int().min(1).max(100).default(8),
	/** Generations at the providers at once across all relay processes; the `globalConcurrency` setting overrides it. */
	GLOBAL_PROVIDER_CONCURRENCY: z.coerce.number().int().min(1).max(10).default(3),
	/** Days a row stays in the Trash before the daily purge discards it (SYNC §4.8). */
	SYNC_TRASH_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
	/** Days a discarded row (tombstone) is kept before it is deleted; devices offline longer re-sync from scratch. */
	SYNC_TOMBSTONE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
	/** `fs` keeps blobs under DATA_DIR/blobs; `s3` in an S3-compatible bucket shared by every relay. */
	BLOB_STORE: z.enum(['fs', 's3']).default('fs'),
	S3_BUCKET: z.string().min(3).max(63).optional(),
	/** e.g. `http://minio:9000`; default: AWS's endpoint of S3_REGION. */
	S3_ENDPOINT: optionalUrl,
	S3_REGION: z.string().default('us-east-1'),
	S3_ACCESS_KEY_ID: optionalKey,
	S3_SECRET_ACCESS_KEY: optionalKey,
	/** Path-style URLs (`endpoint/bucket/key`): on by default when S3_ENDPOINT is set (MinIO). */
	S3_PATH_STYLE: flag,
	S3_PREFIX: z.string().max(200).default('blobs/'),
	/** Bearer token for GET /metrics; without it /metrics answers 404. */
	METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
	/** Days an unreferenced blob, a finished generation and an old rate-limit row are kept before cleanup. */
	RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
	/** Hours an unreferenced blob is kept after it was written (an upload not yet used by a generation). */
	BLOB_GC_GRACE_HOURS: z.coerce
		.number()
		.int()
		.min(1)
		.max(24 * 365)
		.default(24),
	/** `auto`: the demo provider is on when no real provider key is set. */
	DEMO_PROVIDER: flag,
	/** Artificial latency of the demo provider, for trying the queue by hand and for e2e tests. */
	DEMO_LATENCY_MS: z.coerce.number().int().min(0).max(600_000).default(300),
	/** JSON file that overrides or extends the shipped model catalogue. */
	MODELS_FILE: z.string().optional(),
	/** HMAC secret of the /v1 API's signed image links; set it when several relays serve one site. */
	API_URL_SECRET: z.string().min(32).optional(),
	...providerAccountShape
});
export type Env = z.infer<typeof EnvSchema>;

/** Settings that only make sense together, checked after each variable on its own. */
function crossCheck(env: Env, issues: string[]): void {
	if (env.BLOB_STORE === 's3') {
		for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
			if (!env[key]) issues.push(`  ${key}: required when BLOB_STORE=s3`);
		}
	}
}

/** Parses `source` (default process.env); throws an Error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
	const cleaned = Object.fromEntries(
		Object.entries(source).filter(([, v]) => v !== undefined && v !== '')
	);
	const result = EnvSchema.safeParse(cleaned);
	if (!result.success) {
		const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const issues: string[] = [];
	crossCheck(result.data, issues);
	if (issues.length) throw new Error(`Invalid configuration:\n${issues.join('\n')}`);
	return result.data;
}

/** Names of environment variables whose values are secrets: never logged, never sent. */
export const SECRET_ENV_KEYS = [
	...PROVIDER_KEY_ENVS,
	'DATABASE_URL',
	'S3_SECRET_ACCESS_KEY',
	'METRICS_TOKEN',
	'API_URL_SECRET'
] as const;
