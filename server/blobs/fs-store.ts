/** Blob bytes on disk under `<root>/<aa>/<bb>/<sha256>`, written via a temp file and rename. */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BlobStore } from './blob-store';

const SHA256 = /^[0-9a-f]{64}$/;

export function createFsBlobStore(root: string): BlobStore {
	const pathOf = (sha: string) => {
		// The hash is the file name: refuse anything else so no path can escape the root.
		if (!SHA256.test(sha)) throw new Error('Invalid blob key');
		return join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
	};
	const has = async (sha: string) => {
		try {
			await stat(pathOf(sha));
			return true;
		} catch {
			return false;
		}
	};
	return {
		has,
		async put(sha, bytes) {
			if (await has(sha)) return;
			const path = pathOf(sha);
			await mkdir(join(path, '..'), { recursive: true });
			const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
			await writeFile(temp, bytes);
			await rename(temp, path);
		},
		async get(sha) {
			try {
				return new Uint8Array(await readFile(pathOf(sha)));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
				throw error;
			}
		}
	};
}
