/**
 * An exclusive lock on the PGlite data folder: PGlite has no cross-process locking, and two
 * processes on one folder silently lose writes. A stale lock (its process is gone) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM means it exists but belongs to someone else: still alive.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Takes the lock or throws {@link DataDirLockedError}; returns the release function. */
export function lockDataDir(dir: string): () => void {
	const path = join(dir, 'relay.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(path, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return () => rmSync(path, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
			if (Number.isFinite(pid) && pid !== process.pid && isAlive(pid)) {
				throw new DataDirLockedError(
					`The data folder ${dir} is in use by another relay (pid ${pid}). ` +
						'PGlite belongs to one process: stop the other relay, or set DATABASE_URL to share PostgreSQL.'
				);
			}
			rmSync(path, { force: true });
		}
	}
	throw new DataDirLockedError(`Could not lock the data folder ${dir}.`);
}
