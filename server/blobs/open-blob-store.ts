/** The blob store the environment asks for. */
import { join } from 'node:path';
import type { Env } from '../env';
import type { BlobStore } from './blob-store';
import { createFsBlobStore } from './fs-store';
import { createS3BlobStore } from './s3-store';

export function openBlobStore(env: Env, dataDir: string): BlobStore {
	if (env.BLOB_STORE === 'fs') return createFsBlobStore(join(dataDir, 'blobs'));
	// parseEnv has checked that bucket and credentials are set.
	return createS3BlobStore({
		bucket: env.S3_BUCKET!,
		endpoint: env.S3_ENDPOINT,
		region: env.S3_REGION,
		accessKeyId: env.S3_ACCESS_KEY_ID!,
		secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
		pathStyle: env.S3_PATH_STYLE === 'auto' ? Boolean(env.S3_ENDPOINT) : env.S3_PATH_STYLE === 'on',
		prefix: env.S3_PREFIX
	});
}
