/** /healthz (the process answers) and /readyz (the database answers; providers configured; version, uptime). */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { RelayDeps } from '../deps';
import { sendJson } from './respond';
import { CLOCK_SKEW_WARN_MS, measureClockSkew } from '../services/clock-skew';

const VERSION = (
	JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
		version: string;
	}
).version;

export function handleHealthz(res: ServerResponse): void {
	sendJson(res, 200, { ok: true });
}

export async function handleReadyz(deps: RelayDeps, res: ServerResponse): Promise<void> {
	try {
		await Promise.race([
			deps.database.ping(),
			new Promise((_, reject) =>
				setTimeout(() => reject(new Error('database timeout')), 3000).unref()
			)
		]);
		const clockSkewMs = await measureClockSkew(deps);
		sendJson(res, 200, {
			ok: true,
			/** This relay's clock minus the database's; beyond ±5 s leases between relays are unsafe. */
			clockSkewMs,
			clockProblem: Math.abs(clockSkewMs) > CLOCK_SKEW_WARN_MS,
			version: VERSION,
			uptimeSeconds: Math.round(process.uptime()),
			database: deps.database.kind,
			blobStore: deps.blobStore.kind,
			providers: [...deps.providers.keys()],
			providerProblems: deps.providerHealth.problems()
		});
	} catch {
		sendJson(res, 503, { ok: false, version: VERSION, database: 'unreachable' });
	}
}
