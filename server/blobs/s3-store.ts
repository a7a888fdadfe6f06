/**
 * Blob bytes in an S3-compatible bucket (AWS S3, MinIO, R2, …) under `<prefix><sha256>`.
 * Requests are signed with SigV4 by `aws4fetch` (a few KB; the AWS SDK would add megabytes and
 * seconds of start-up for the five calls we make). The signature covers the payload's sha256, so
 * the server refuses bytes that were changed on the way. Path-style URLs for MinIO and friends.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import { XMLParser } from 'fast-xml-parser';
import { assertBlobKey, isBlobKey, type BlobStore, type StoredBlob } from './blob-store';
import { assertBlobBytes } from './blob-hash';

export interface S3StoreOptions {
	bucket: string;
	/** e.g. `http://127.0.0.1:9000`; default: AWS's regional endpoint. */
	endpoint?: string;
	region: string;
	accessKeyId: string;
	secretAccessKey: string;
	/** `bucket` in the path instead of the host name (MinIO, most self-hosted servers). */
	pathStyle: boolean;
	/** Key prefix, so a bucket can be shared with other data. */
	prefix: string;
}

export class S3RequestError extends Error {
	constructor(
		readonly operation: string,
		readonly status: number
	) {
		// Never the URL or headers: a presigned or signed request carries credentials.
		super(`S3 ${operation} failed with HTTP ${status}`);
		this.name = 'S3RequestError';
	}
}

const xml = new XMLParser({ isArray: (name) => name === 'Contents' });

/** The parts of a ListObjectsV2 answer the store reads (values as fast-xml-parser gives them). */
interface ListBucketPage {
	Contents?: { Key?: unknown; Size?: unknown; LastModified?: unknown }[];
	IsTruncated?: boolean | string;
	NextContinuationToken?: unknown;
}

export function createS3BlobStore(options: S3StoreOptions): BlobStore {
	const client = new AwsClient({
		accessKeyId: options.accessKeyId,
		secretAccessKey: options.secretAccessKey,
		region: options.region,
		service: 's3'
	});
	const base = (() => {
		const endpoint = new URL(options.endpoint ?? `https://s3.${options.region}.amazonaws.com`);
		if (options.pathStyle) return `${endpoint.origin}/${options.bucket}`;
		return `${endpoint.protocol}//${options.bucket}.${endpoint.host}`;
	})();
	const urlOf = (sha: string) => {
		assertBlobKey(sha);
		return `${base}/${options.prefix}${sha}`;
	};
	const send = async (
		operation: string,
		url: string,
		init: RequestInit = {},
		okMissing = false
	) => {
		const response = await client.fetch(url, init);
		if (response.ok || (okMissing && response.status === 404)) return response;
		await response.body?.cancel();
		throw new S3RequestError(operation, response.status);
	};
	const has = async (sha: string) => {
		const response = await send('HEAD', urlOf(sha), { method: 'HEAD' }, true);
		return response.ok;
	};

	return {
		kind: 's3',
		has,
		async put(sha, bytes) {
			assertBlobBytes(sha, bytes);
			if (await has(sha)) return false;
			await send('PUT', urlOf(sha), {
				method: 'PUT',
				body: bytes as Uint8Array<ArrayBuffer>,
				headers: { 'content-type': 'application/octet-stream' }
			});
			return true;
		},
		async get(sha) {
			const response = await send('GET', urlOf(sha), {}, true);
			if (response.status === 404) {
				await response.body?.cancel();
				return null;
			}
			return new Uint8Array(await response.arrayBuffer());
		},
		async open(sha) {
			const response = await send('GET', urlOf(sha), {}, true);
			if (response.status === 404 || !response.body) {
				await response.body?.cancel();
				return null;
			}
			const size = Number(response.headers.get('content-length'));
			return { size, body: Readable.fromWeb(response.body as WebReadableStream) };
		},
		async delete(sha) {
			await send('DELETE', urlOf(sha), { method: 'DELETE' }, true);
		},
		async *list(): AsyncIterable<StoredBlob> {
			let token: string | undefined;
			do {
				const query = new URLSearchParams({ 'list-type': '2', prefix: options.prefix });
				if (token) query.set('continuation-token', token);
				const response = await send('LIST', `${base}?${query}`);
				const page =
					(xml.parse(await response.text()) as { ListBucketResult?: ListBucketPage })
						.ListBucketResult ?? {};
				for (const item of page.Contents ?? []) {
					const name = String(item.Key).slice(options.prefix.length);
					if (isBlobKey(name))
						yield {
							sha256: name,
							size: Number(item.Size),
							modifiedAt: Date.parse(String(item.LastModified))
						};
				}
				token =
					page.IsTruncated === true || page.IsTruncated === 'true'
						? String(page.NextContinuationToken)
						: undefined;
			} while (token);
		}
	};
}
