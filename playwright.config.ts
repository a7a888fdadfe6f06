import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A recognisable fake provider key: the e2e suite asserts it never reaches the browser. */
export const E2E_PROVIDER_KEY = 'sk-or-v1-E2E-LEAK-CANARY-7f3a9c';
const PORT = Number(process.env.E2E_PORT ?? 4317);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'nbs-e2e-'));

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	timeout: 60_000,
	workers: 1,
	reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/e2e.json' }]] : 'list',
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		launchOptions: {
			// Debian's Chromium; never a downloaded browser.
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
		}
	},
	webServer: {
		// The relay serves the built app (npm run build first) with the demo provider.
		command: 'node --import tsx server/main.ts',
		url: `http://127.0.0.1:${PORT}/readyz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: {
			PORT: String(PORT),
			DATA_DIR: dataDir,
			STATIC_DIR: './build',
			DEMO_PROVIDER: 'on',
			DEMO_LATENCY_MS: '300',
			STARTING_CREDITS: '20',
			LOG_LEVEL: 'warn',
			OPENROUTER_API_KEY: E2E_PROVIDER_KEY,
			OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1'
		}
	}
});
