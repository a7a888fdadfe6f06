// Reads the vitest and Playwright JSON reports and prints one line: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'reports';
let passed = 0;
let failed = 0;
for (const name of existsSync(dir) ? readdirSync(dir) : []) {
	if (!name.endsWith('.json')) continue;
	const report = JSON.parse(readFileSync(join(dir, name), 'utf8'));
	if ('numPassedTests' in report) {
		passed += report.numPassedTests;
		failed += report.numFailedTests;
	} else if (report.stats) {
		passed += report.stats.expected + (report.stats.flaky ?? 0);
		failed += report.stats.unexpected;
	}
}
console.log(`${passed} passed, ${failed} failed`);
