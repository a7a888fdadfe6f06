// `npm test`: every suite in order — the rails (Prettier, ESLint with zero warnings, no import
// cycles, no dead exports), type check, vitest on PGlite, the relay suite again on
// PostgreSQL when TEST_DATABASE_URL is set, the build, every benchmark in smoke mode, then the
// Playwright e2e suite. Stops at the first red.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const json = (name) =>
	process.env.CI
		? ['--reporter=default', '--reporter=json', `--outputFile.json=reports/${name}.json`]
		: [];
const { TEST_DATABASE_URL, ...envWithoutPg } = process.env;
const PG_SKIP = ['server/providers/**', 'server/media/**', 'server/blobs/**', 'server/faults/**'];
const BENCHES = [
	'providers',
	'library',
	'credits',
	'queue',
	'sync',
	'gallery',
	'zip',
	'blobs',
	'api',
	'relay'
];
rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });

const steps = [
	{
		label: 'format (prettier --check)',
		cmd: ['npm', 'run', '--silent', 'format:check'],
		env: process.env
	},
	{
		label: 'lint (eslint, zero warnings)',
		cmd: ['npm', 'run', '--silent', 'lint'],
		env: process.env
	},
	{
		label: 'import cycles (dpdm)',
		cmd: ['npm', 'run', '--silent', 'lint:cycles'],
		env: process.env
	},
	{ label: 'dead exports (knip)', cmd: ['npm', 'run', '--silent', 'knip'], env: process.env },
	{
		label: 'type check (svelte-check + tsc, app, relay, bench)',
		cmd: ['npm', 'run', '--silent', 'check'],
		env: process.env
	},
	// The load tests measure concurrency between relays; PGlite runs one statement at a time, so
	// when PostgreSQL is there they run only on it (CI budget), otherwise on PGlite.
	{
		label: 'vitest (PGlite)',
		cmd: [
			'npx',
			'vitest',
			'run',
			...(TEST_DATABASE_URL ? ['--exclude', 'server/load/**'] : []),
			...json('vitest-pglite')
		],
		env: envWithoutPg
	},
	...(TEST_DATABASE_URL
		? [
				{
					label: 'relay suite (PostgreSQL)',
					// Provider adapters, image handling and the blob stores never touch the database: once is enough.
					cmd: [
						'npx',
						'vitest',
						'run',
						'--project',
						'relay',
						...PG_SKIP.flatMap((glob) => ['--exclude', glob]),
						...json('vitest-postgres')
					],
					env: process.env
				}
			]
		: []),
	{ label: 'build', cmd: ['npx', 'vite', 'build'], env: process.env },
	// Every benchmark in smoke mode (small sizes, figures printed): a broken bench fails the build.
	// Smoke runs use PGlite only (the full runs add PostgreSQL when a URL is set).
	...BENCHES.map((name) => ({
		label: `bench:${name} (smoke)`,
		cmd: ['npm', 'run', '--silent', `bench:${name}`],
		env: { ...envWithoutPg, DATABASE_URL: '', BENCH_SMOKE: '1' }
	})),
	{ label: 'Playwright e2e', cmd: ['npx', 'playwright', 'test'], env: process.env }
];

for (const step of steps) {
	console.log(`\n▶ ${step.label}`);
	const started = performance.now();
	const result = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit', env: step.env });
	// One line per step, so the CI budget (15 minutes) can be read off the log.
	console.log(`⏱ ${step.label}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
	if (result.status !== 0) {
		console.error(`✗ ${step.label} failed`);
		// Counted by .ci/summary.mjs, so a red step without a test report (a bench, the build) shows as a failure.
		writeFileSync(
			'reports/failed-step.json',
			JSON.stringify({ step: step.label, numPassedTests: 0, numFailedTests: 1 })
		);
		process.exit(result.status ?? 1);
	}
}
console.log('\n✓ all test suites passed');
