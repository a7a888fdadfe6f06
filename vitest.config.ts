import { defineConfig } from 'vitest/config';

// Two projects split by folder: the app's modules (fake-indexeddb) and the relay (PGlite, Postgres).
export default defineConfig({
	test: {
		// PGlite takes 0.4–0.9 GB per instance: two files at a time on 2 cores.
		maxWorkers: 2,
		projects: [
			{
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node',
					setupFiles: ['src/lib/testing/setup-unit.ts']
				}
			},
			{
				test: {
					name: 'relay',
					include: ['server/**/*.test.ts'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
