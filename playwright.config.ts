import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A recognisable fake provider key: the e2e suite asserts it never reaches the browser. */
export const E2E_PROVIDER_KEY = 'sk-or-v1-E2E-LEAK-CANARY-7f3a9c';
/** Signs up as an admin (ADMIN_EMAILS) whichever test file runs first. */
export const E2E_ADMIN_EMAIL = 'admin-e2e@example.test';
/** A second admin, so the style-pack test never races admin.e2e.ts for the first sign-up. */
export const E2E_STYLES_ADMIN_EMAIL = 'styles-admin-e2e@example.test';
const PORT = Number(process.env.E2E_PORT ?? 4317);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'nbs-e2e-'));
/** A second relay whose demo provider is slow, so queue tests can go offline mid-run. */
const SLOW_PORT = Number(process.env.E2E_SLOW_PORT ?? PORT + 1);
const slowDataDir = mkdtempSync(join(tmpdir(), 'nbs-e2e-slow-'));
const QUEUE_TESTS = '**/queue*.e2e.ts';
const launchOptions = {
	// Debian's Chromium; never a downloaded browser.
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};
const relayEnv = (port: number, dir: string, latencyMs: number) => ({
	PORT: String(port),
	DATA_DIR: dir,
	STATIC_DIR: './build',
	DEMO_PROVIDER: 'on',
	DEMO_LATENCY_MS: String(latencyMs),
	STARTING_CREDITS: '20',
	ADMIN_EMAILS: `${E2E_ADMIN_EMAIL},${E2E_STYLES_ADMIN_EMAIL}`,
	LOG_LEVEL: 'warn',
	OPENROUTER_API_KEY: E2E_PROVIDER_KEY,
	OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1'
});

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	timeout: 60_000,
	// Two files at a time (each signs up its own accounts); the queue project has its own relay.
	workers: 2,
	reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/e2e.json' }]] : 'list',
	use: { launchOptions },
	projects: [
		{ name: 'app', testIgnore: QUEUE_TESTS, use: { baseURL: `http://127.0.0.1:${PORT}` } },
		{ name: 'queue', testMatch: QUEUE_TESTS, use: { baseURL: `http://127.0.0.1:${SLOW_PORT}` } }
	],
	webServer: [
		{
			// The relay serves the built app (npm run build first) with the demo provider.
			command: 'node --import tsx server/main.ts',
			url: `http://127.0.0.1:${PORT}/readyz`,
			reuseExistingServer: false,
			timeout: 60_000,
			env: relayEnv(PORT, dataDir, 300)
		},
		{
			command: 'node --import tsx server/main.ts',
			url: `http://127.0.0.1:${SLOW_PORT}/readyz`,
			reuseExistingServer: false,
			timeout: 60_000,
			env: relayEnv(SLOW_PORT, slowDataDir, 2_500)
		}
	]
});
