/**
 * One contract, two stores: the local folder and an S3-compatible server on 127.0.0.1 (s3rver).
 * What a relay relies on: bytes come back as written, under their hash only; a wrong hash is refused;
 * a second write is harmless; reads stream; delete and list work for the garbage collector.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobIntegrityError, type BlobStore } from './blob-store';
import { sha256Hex } from './blob-hash';
import { createFsBlobStore } from './fs-store';
import { createS3BlobStore } from './s3-store';
import { startS3Server, type TestS3Server } from '../testing/s3-server';

const blob = (size = 1000) => {
	const bytes = new Uint8Array(randomBytes(size));
	return { bytes, sha: sha256Hex(bytes) };
};

async function readAll(body: NodeJS.ReadableStream): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
	return new Uint8Array(Buffer.concat(chunks));
}

function contract(name: string, open: () => Promise<{ store: BlobStore; close(): Promise<void> }>) {
	describe(`blob store: ${name}`, () => {
		let store: BlobStore;
		let close: () => Promise<void>;
		beforeAll(async () => {
			({ store, close } = await open());
		});
		afterAll(() => close());

		it('gives back the bytes written under their hash, whole and streamed, and nothing for unknown hashes', async () => {
			const { bytes, sha } = blob(300_000);
			expect(await store.has(sha)).toBe(false);
			expect(await store.get(sha)).toBeNull();
			expect(await store.open(sha)).toBeNull();
			await store.put(sha, bytes);
			await store.put(sha, bytes); // a retry after a crash: harmless
			expect(await store.has(sha)).toBe(true);
			expect(Buffer.from((await store.get(sha))!).equals(Buffer.from(bytes))).toBe(true);
			const opened = await store.open(sha);
			expect(opened?.size).toBe(bytes.byteLength);
			expect(Buffer.from(await readAll(opened!.body)).equals(Buffer.from(bytes))).toBe(true);
		});

		it('refuses bytes that do not hash to the key, and keys that are not a hash, storing nothing', async () => {
			const { bytes, sha } = blob();
			const other = blob().sha;
			await expect(store.put(other, bytes)).rejects.toBeInstanceOf(BlobIntegrityError);
			expect(await store.has(other)).toBe(false);
			await expect(store.put('../../etc/passwd', bytes)).rejects.toThrow('Invalid blob key');
			await expect(store.get(sha.toUpperCase())).rejects.toThrow('Invalid blob key');
		});

		it('lists what it holds and forgets what is deleted', async () => {
			const kept = blob();
			const dropped = blob();
			await store.put(kept.sha, kept.bytes);
			await store.put(dropped.sha, dropped.bytes);
			await store.delete(dropped.sha);
			await store.delete(dropped.sha); // deleting twice is not an error
			const listed = new Map<string, number>();
			for await (const item of store.list()) listed.set(item.sha256, item.size);
			expect(listed.get(kept.sha)).toBe(kept.bytes.byteLength);
			expect(listed.has(dropped.sha)).toBe(false);
			expect(await store.get(dropped.sha)).toBeNull();
		});
	});
}

contract('local folder', async () => {
	const root = mkdtempSync(join(tmpdir(), 'nbs-blobs-'));
	return {
		store: createFsBlobStore(root),
		close: async () => rmSync(root, { recursive: true, force: true })
	};
});

contract('S3-compatible server', async () => {
	const server: TestS3Server = await startS3Server();
	return { store: createS3BlobStore(server.options), close: () => server.close() };
});
