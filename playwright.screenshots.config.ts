/**
 * `npm run screenshots`: the README's pictures of the main pages at 390 px and 1280 px, in English
 * and Chinese, taken from the built app on a relay with the demo provider (same servers as e2e).
 */
import { defineConfig } from '@playwright/test';
import e2e from './playwright.config';

export default defineConfig({
	...e2e,
	testDir: 'tests/screenshots',
	testMatch: '**/*.shots.ts',
	timeout: 600_000,
	reporter: 'list',
	projects: [{ name: 'screenshots', use: e2e.projects?.[0]?.use }],
	// Only the fast relay is needed.
	webServer: Array.isArray(e2e.webServer) ? e2e.webServer.slice(0, 1) : e2e.webServer
});
