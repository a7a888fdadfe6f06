import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
	it('refuses a second holder while the first process lives, and frees the folder on release', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'nbs-lock-'));
		const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
		writeFileSync(join(dir, 'relay.lock'), String(other.pid));
		try {
			expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
			expect(() => lockDataDir(dir)).toThrow(/in use by another relay/);
		} finally {
			other.kill();
			await new Promise((r) => other.once('exit', r));
		}
		const release = lockDataDir(dir);
		expect(existsSync(join(dir, 'relay.lock'))).toBe(true);
		release();
		expect(existsSync(join(dir, 'relay.lock'))).toBe(false);
	});

	it('takes over a stale lock left by a process that died', () => {
		const dir = mkdtempSync(join(tmpdir(), 'nbs-lock-'));
		writeFileSync(join(dir, 'relay.lock'), '999999');
		const release = lockDataDir(dir);
		release();
	});
});
