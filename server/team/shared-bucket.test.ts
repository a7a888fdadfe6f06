/**
 * The team setup: two relays on one database and one S3-compatible bucket. An image generated
 * through one relay is served by the other (bytes only in the bucket), and each relay reports its
 * own metrics to a scraper holding the token — and to nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { startS3Server, type TestS3Server } from '../testing/s3-server';
import { postProcedure, signUpOverHttp, startTwoRelays } from '../load/load-kit';

const METRICS_TOKEN = 'metrics-token-for-the-team-test';

describe('two relays sharing a database and a bucket', () => {
	let s3: TestS3Server;
	let relays: Awaited<ReturnType<typeof startTwoRelays>>;
	let urlA: string;
	let urlB: string;
	beforeAll(async () => {
		s3 = await startS3Server();
		const o = s3.options;
		relays = await startTwoRelays({
			DEMO_PROVIDER: 'on',
			BLOB_STORE: 's3',
			S3_BUCKET: o.bucket,
			S3_ENDPOINT: o.endpoint!,
			S3_ACCESS_KEY_ID: o.accessKeyId,
			S3_SECRET_ACCESS_KEY: o.secretAccessKey,
			METRICS_TOKEN
		});
		urlA = await relays.a.listen();
		urlB = await relays.b.listen();
	});
	afterAll(async () => {
		await relays.close();
		await s3.close();
	});

	async function generateOn(url: string, cookie: string) {
		const id = uuidv7();
		const submitted = await postProcedure(
			url,
			'generate.submit',
			{ id, model: 'demo/sketch', prompt: 'a lighthouse', params: {}, sourceHashes: [] },
			{ cookie }
		);
		expect(submitted.status).toBe(200);
		for (;;) {
			const answer = await fetch(
				`${url}/trpc/generate.status?input=${encodeURIComponent(JSON.stringify({ id }))}`,
				{ headers: { cookie, 'x-nbs-client': '1' } }
			);
			const status = (
				(await answer.json()) as {
					result: { data: { status: string; images: { sha256: string; thumbSha256: string }[] } };
				}
			).result.data;
			if (status.status === 'done') return status.images[0];
			if (status.status === 'failed') throw new Error('generation failed');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	it('serves from one relay the image the other one made, from the bucket', async () => {
		const { cookie } = await signUpOverHttp(urlA);
		const image = await generateOn(urlA, cookie);
		expect(relays.a.deps.blobStore.kind).toBe('s3');
		const fromA = await fetch(`${urlA}/blob/${image.sha256}`, { headers: { cookie } });
		const fromB = await fetch(`${urlB}/blob/${image.sha256}`, { headers: { cookie } });
		expect(fromB.status).toBe(200);
		expect(
			Buffer.from(await fromB.arrayBuffer()).equals(Buffer.from(await fromA.arrayBuffer()))
		).toBe(true);
		const stranger = await signUpOverHttp(urlB);
		expect(
			(await fetch(`${urlB}/blob/${image.sha256}`, { headers: { cookie: stranger.cookie } })).status
		).toBe(404);
	});

	it('reports requests, generations, credits and stored bytes on /metrics, only with the token', async () => {
		expect((await fetch(`${urlA}/metrics`)).status).toBe(401);
		expect(
			(
				await fetch(`${urlA}/metrics`, {
					headers: { authorization: 'Bearer wrong-token-of-the-same-len' }
				})
			).status
		).toBe(401);
		const scrape = await fetch(`${urlA}/metrics`, {
			headers: { authorization: `Bearer ${METRICS_TOKEN}` }
		});
		expect(scrape.status).toBe(200);
		const text = await scrape.text();
		expect(text).toMatch(
			/nbs_http_requests_total\{route="\/trpc\/generate.submit",method="POST",status="200"\} [1-9]/
		);
		expect(text).toMatch(
			/nbs_generation_duration_seconds_count\{provider="demo",model="demo\/sketch",outcome="done"\} [1-9]/
		);
		expect(text).toMatch(/nbs_credits_total\{kind="charged"\} [1-9]/);
		expect(text).toMatch(/nbs_blob_bytes_stored_total [1-9]/);
		expect(text).toMatch(/nbs_generations\{status="running"\} 0/);
		expect(text).not.toContain(METRICS_TOKEN);
	});
});
