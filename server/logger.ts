/**
 * Structured logs (pino). Nothing secret or personal reaches a line (RELIABILITY §7.5):
 * - fields named like secrets are redacted by path;
 * - errors go through {@link serializeError}: a failed query's parameters (drizzle's
 *   "Failed query: … params: …", the driver's `params`/`parameters`) are dropped from message,
 *   stack, cause and properties — they carry emails, password hashes, token hashes, prompts;
 * - every written line is scrubbed of configured key values, password hashes and email addresses,
 *   as a last line of defence for text that reached a log some other way.
 */
import pino, { type Logger } from 'pino';

const REDACT_PATHS = [
	'password',
	'*.password',
	'passwordHash',
	'*.passwordHash',
	'token',
	'*.token',
	'tokenHash',
	'*.tokenHash',
	'apiKey',
	'*.apiKey',
	'authorization',
	'*.authorization',
	'headers.authorization',
	'headers.cookie',
	'req.headers.authorization',
	'req.headers.cookie',
	'cookie',
	'*.cookie'
];

/** Properties of driver errors that hold a query's bound values. */
const PARAM_KEYS = new Set(['params', 'parameters', 'values']);
/** "params: …" up to the end of that text (drizzle puts it last in the message, so in the stack too). */
const PARAMS_TAIL = /params:[^\n]*(\n(?!\s+at )[^\n]*)*/g;
const ARGON2 = /\$argon2(id|i|d)\$[^\s"',]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Inside one JSON string of a written line: "params:" up to the closing quote or an escaped newline (already-scrubbed ones left alone). */
const PARAMS_IN_JSON = /params:(?! \[redacted\])(?:[^"\\]|\\[^n])*/g;

/** Text with query parameters, password hashes and email addresses replaced. */
export function scrubText(text: string): string {
	return text
		.replace(PARAMS_TAIL, 'params: [redacted]')
		.replace(ARGON2, '[redacted-hash]')
		.replace(EMAIL, '[email]');
}

/** The same for a written JSON line (newlines are escaped there, so "params:" ends at its string's quote). */
function scrubLine(line: string): string {
	return line
		.replace(PARAMS_IN_JSON, 'params: [redacted]')
		.replace(ARGON2, '[redacted-hash]')
		.replace(EMAIL, '[email]');
}

function scrubDeep(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return scrubText(value);
	if (!value || typeof value !== 'object' || depth > 8) return value;
	if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		if (PARAM_KEYS.has(key)) out[key] = '[redacted]';
		else out[key] = scrubDeep(v, depth + 1);
	}
	return out;
}

/**
 * pino's error serializer with each message of the cause chain scrubbed on its own (a cause's text
 * follows drizzle's "params:" line, so scrubbing the joined text would lose it), and properties
 * scrubbed with query parameters dropped.
 */
export function serializeError(error: unknown): unknown {
	const serialized = pino.stdSerializers.err(error as Error) as unknown;
	if (!(error instanceof Error) || !serialized || typeof serialized !== 'object') return serialized;
	const chain: Error[] = [];
	for (let e: unknown = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
	return {
		...(scrubDeep({ ...serialized }) as object),
		message: chain.map((e) => scrubText(e.message)).join(': '),
		stack: chain.map((e) => scrubText(e.stack ?? e.message)).join('\ncaused by: ')
	};
}

export type { Logger };

/** A logger that also replaces every value in `secrets` with `[redacted]` wherever it appears. */
export function createLogger(options: {
	level: string;
	secrets?: string[];
	destination?: pino.DestinationStream;
}): Logger {
	const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
	const scrub = (line: string) =>
		scrubLine(secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line));
	return pino(
		{
			level: options.level,
			redact: { paths: REDACT_PATHS, censor: '[redacted]' },
			serializers: { err: serializeError, error: serializeError },
			hooks: { streamWrite: scrub }
		},
		options.destination
	);
}
