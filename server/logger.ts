/**
 * Structured logs (pino). Secrets are redacted by path, and any configured key value is scrubbed
 * from messages as a second line of defence: a key, password or token never reaches a log.
 */
import pino, { type Logger } from 'pino';

const REDACT_PATHS = [
	'password',
	'*.password',
	'token',
	'*.token',
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

export type { Logger };

/** A logger that also replaces every value in `secrets` with `[redacted]` wherever it appears. */
export function createLogger(options: { level: string; secrets?: string[]; destination?: pino.DestinationStream }): Logger {
	const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
	const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
	return pino(
		{
			level: options.level,
			redact: { paths: REDACT_PATHS, censor: '[redacted]' },
			hooks: {
				streamWrite: secrets.length ? scrub : undefined
			}
		},
		options.destination
	);
}
