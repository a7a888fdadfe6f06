/** Blob bytes on disk under `<root>/<aa>/<bb>/<sha256>`, written via a temp file and rename. */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { assertBlobKey, isBlobKey, type BlobStore, type StoredBlob } from './blob-store';
import { assertBlobBytes } from './blob-hash';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

export function createFsBlobStore(root: string): BlobStore {
	const pathOf = (sha: string) => {
		assertBlobKey(sha);
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
	/** Lists a folder's entries, or nothing when it does not exist yet. */
	const entries = async (dir: string) =>
		readdir(dir).catch((error: unknown) => {
			if (isMissing(error)) return [];
			throw error;
		});

	return {
		kind: 'fs',
		has,
		async put(sha, bytes) {
			assertBlobBytes(sha, bytes);
			if (await has(sha)) return false;
			const path = pathOf(sha);
			await mkdir(join(path, '..'), { recursive: true });
			const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
			try {
				await writeFile(temp, bytes);
				await rename(temp, path);
				return true;
			} catch (error) {
				// A full disk must not leave a half-written temp file behind.
				await rm(temp, { force: true });
				throw error;
			}
		},
		async get(sha) {
			try {
				return new Uint8Array(await readFile(pathOf(sha)));
			} catch (error) {
				if (isMissing(error)) return null;
				throw error;
			}
		},
		async open(sha) {
			const path = pathOf(sha);
			try {
				const { size } = await stat(path);
				return { size, body: createReadStream(path) };
			} catch (error) {
				if (isMissing(error)) return null;
				throw error;
			}
		},
		async delete(sha) {
			await rm(pathOf(sha), { force: true });
		},
		async *list(): AsyncIterable<StoredBlob> {
			for (const a of await entries(root)) {
				for (const b of await entries(join(root, a))) {
					for (const name of await entries(join(root, a, b))) {
						if (!isBlobKey(name)) continue; // temp files of a write in progress
						const info = await stat(join(root, a, b, name)).catch(() => null);
						if (info) yield { sha256: name, size: info.size, modifiedAt: info.mtimeMs };
					}
				}
			}
		}
	};
}
