/**
 * A throwaway PostgreSQL cluster of the test's own (initdb into a temp dir, its own port), so a
 * fault test can stop and restart the server without touching the machine's shared one. As root,
 * the binaries run as the `postgres` user (initdb refuses root).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function findBinDir(): string | null {
	try {
		return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
	} catch {
		// Debian's libpq-dev may be absent; the server packages live under /usr/lib/postgresql/<major>/bin.
		for (const major of ['17', '16', '15', '14'])
			if (existsSync(`/usr/lib/postgresql/${major}/bin/initdb`))
				return `/usr/lib/postgresql/${major}/bin`;
		return null;
	}
}

const binDir = findBinDir();
const isRoot = userInfo().uid === 0;
const postgresUid = (() => {
	try {
		return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	} catch {
		return null;
	}
})();

/** Whether this machine can run a private cluster (server binaries; as root, a `postgres` user). */
export const canRunPrivatePostgres =
	binDir !== null && existsSync(join(binDir, 'initdb')) && (!isRoot || postgresUid !== null);

export interface PrivatePostgres {
	url: string;
	/** Stops at once, like a crash or `kill -9` of the postmaster (`-m immediate`). */
	crash(): void;
	start(): void;
	destroy(): void;
}

function run(tool: string, args: string[]): void {
	const command = join(binDir!, tool);
	if (isRoot)
		execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
	else execFileSync(command, args, { stdio: 'pipe' });
}

export function createPrivatePostgres(port: number): PrivatePostgres {
	const dir = mkdtempSync(join(tmpdir(), 'nbs-private-pg-'));
	if (isRoot) chownSync(dir, postgresUid!, postgresUid!);
	const data = join(dir, 'data');
	run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
	const start = () =>
		run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
	start();
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		crash: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
		start,
		destroy() {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} catch {
				// already stopped
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
