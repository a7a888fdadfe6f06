/**
 * A real S3-compatible HTTP server on 127.0.0.1 for tests and the blob benchmark: `s3rver`, an S3
 * server written in Node. No MinIO binary installs here (neither npm nor Debian packages one), and
 * docker has no daemon on this machine; s3rver speaks the same REST API (SigV4-signed PUT, GET,
 * HEAD, DELETE, ListObjectsV2) with path-style URLs, which is what our store uses against MinIO.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StoreOptions } from '../blobs/s3-store';

export interface TestS3Server {
	options: S3StoreOptions;
	close(): Promise<void>;
}

/** s3rver's fixed credentials. */
const ACCESS_KEY = 'S3RVER';

export async function startS3Server(bucket = 'nbs-test'): Promise<TestS3Server> {
	const directory = mkdtempSync(join(tmpdir(), 'nbs-s3-'));
	const server = new S3rver({
		address: '127.0.0.1',
		port: 0,
		silent: true,
		directory,
		configureBuckets: [{ name: bucket, configs: [] }]
	});
	const { port } = (await server.run()) as { port: number };
	return {
		options: {
			bucket,
			endpoint: `http://127.0.0.1:${port}`,
			region: 'us-east-1',
			accessKeyId: ACCESS_KEY,
			secretAccessKey: ACCESS_KEY,
			pathStyle: true,
			prefix: 'blobs/'
		},
		async close() {
			await server.close();
			rmSync(directory, { recursive: true, force: true });
		}
	};
}
