/**
 * The deployment files, checked where docker cannot run (CI builds the image only when a daemon
 * answers): the Dockerfile is multi-stage, runs as a non-root user and checks /readyz; compose runs
 * two relays on PostgreSQL and MinIO; .env.example names every setting the relay reads.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EnvSchema, SECRET_ENV_KEYS } from '../env';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('deployment files', () => {
	it('builds in stages and runs the relay as a non-root user with a health check on /readyz', () => {
		const lines = read('Dockerfile')
			.split('\n')
			.map((l) => l.trim());
		const froms = lines.filter((l) => l.startsWith('FROM '));
		expect(froms.length).toBeGreaterThanOrEqual(2);
		const lastStage = lines.slice(lines.lastIndexOf(froms.at(-1)!));
		const user = lastStage.filter((l) => l.startsWith('USER ')).at(-1);
		expect(user).toBeDefined();
		expect(user).not.toMatch(/USER\s+(root|0)\b/);
		expect(lastStage.join('\n')).toMatch(/HEALTHCHECK[\s\S]*\/readyz/);
		// Patches must be in place before `npm ci` so the postinstall applies them.
		expect(lines.findIndex((l) => l.startsWith('COPY patches'))).toBeLessThan(
			lines.findIndex((l) => l.startsWith('RUN npm ci'))
		);
		for (const key of SECRET_ENV_KEYS)
			expect(lines.join('\n')).not.toMatch(new RegExp(`\\b${key}=`));
	});

	it('composes two relays that share PostgreSQL and an S3 bucket, behind one address', () => {
		const compose = parse(read('compose.yaml'), { merge: true }) as {
			services: Record<
				string,
				{ environment?: Record<string, string>; build?: string; depends_on?: unknown }
			>;
		};
		const relays = Object.entries(compose.services).filter(([, s]) => s.build === '.');
		expect(relays.length).toBe(2);
		for (const [, relay] of relays) {
			expect(relay.environment?.BLOB_STORE).toBe('s3');
			expect(relay.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
			expect(relay.environment?.S3_ENDPOINT).toBe('http://minio:9000');
			expect(relay.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
		}
		expect(Object.keys(compose.services)).toEqual(
			expect.arrayContaining(['postgres', 'minio', 'proxy'])
		);
	});

	it('documents every setting the relay reads in .env.example', () => {
		const example = read('.env.example');
		const missing = Object.keys(EnvSchema.shape).filter(
			(key) => !new RegExp(`^#? ?${key}=`, 'm').test(example)
		);
		expect(missing).toEqual([]);
	});
});
