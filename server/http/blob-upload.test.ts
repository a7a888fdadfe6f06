import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER } from '#shared/protocol';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import { createLimiter, LimiterFullError } from './limiter';
import { MAX_UPLOAD_BYTES } from './blob-upload';
import { claimedDimensions, sniffUploadMime } from '../media/sniff';
import { httpClient } from '../testing/http-client';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface RawResponse {
	status: number;
	body: Record<string, unknown>;
}

/**
 * PUT over node:http, writing the body in chunks (chunked when `declareLength` is false) and
 * resolving as soon as a response arrives, even if the relay stopped reading and closed early.
 */
function rawPut(
	url: string,
	path: string,
	body: Uint8Array,
	headers: Record<string, string>,
	declareLength = true
): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		let answered = false;
		const req = httpRequest(`${url}${path}`, {
			method: 'PUT',
			headers: {
				'content-type': 'application/octet-stream',
				...headers,
				...(declareLength ? { 'content-length': String(body.byteLength) } : {})
			}
		});
		req.on('response', (res) => {
			answered = true;
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({
					status: res.statusCode ?? 0,
					body: text ? (JSON.parse(text) as Record<string, unknown>) : {}
				});
			});
			res.on('error', () => undefined);
		});
		req.on('error', (error) => {
			if (!answered) reject(error);
		});
		const CHUNK = 256 * 1024;
		let offset = 0;
		const pump = () => {
			while (offset < body.byteLength) {
				if (answered || req.destroyed) return;
				const part = body.subarray(offset, offset + CHUNK);
				offset += part.byteLength;
				if (!req.write(part)) return void req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

describe('PUT /blob/:sha256 (source image uploads)', () => {
	let relay: TestRelay;
	let url: string;
	let owner: ReturnType<typeof httpClient>;

	const put = (
		bytes: Uint8Array,
		options: { hash?: string; cookie?: string | null; csrf?: boolean; declareLength?: boolean } = {}
	) =>
		rawPut(
			url,
			`/blob/${options.hash ?? sha(bytes)}`,
			bytes,
			{
				...(options.csrf === false ? {} : { [CLIENT_HEADER]: '1' }),
				...(options.cookie === null ? {} : { cookie: options.cookie ?? owner.cookie() })
			},
			options.declareLength ?? true
		);

	beforeAll(async () => {
		relay = await startTestRelay();
		url = await relay.listen();
		owner = httpClient(url);
		await owner.client.auth.register.mutate({
			email: `up-${uuidv7().slice(-12)}@example.test`,
			password: 'long password'
		});
	});
	afterAll(async () => {
		await relay.close();
	});

	const png = () =>
		sharp({ create: { width: 64, height: 48, channels: 3, background: '#ff8800' } })
			.png()
			.toBuffer();

	it.each([
		['PNG', 'image/png', () => png()],
		[
			'JPEG',
			'image/jpeg',
			() =>
				sharp({ create: { width: 64, height: 48, channels: 3, background: '#2266aa' } })
					.jpeg()
					.toBuffer()
		],
		[
			'WebP',
			'image/webp',
			() =>
				sharp({ create: { width: 64, height: 48, channels: 3, background: '#22aa66' } })
					.webp()
					.toBuffer()
		]
	])(
		'stores a %s as cleaned bytes under their own hash, with a thumbnail, both readable by the owner',
		async (_label, mime, make) => {
			const bytes = new Uint8Array(await make());
			const res = await put(bytes);
			expect(res.status).toBe(201);
			expect(res.body).toMatchObject({ mime, width: 64, height: 48 });
			const answer = res.body as { sha256: string; thumbSha256: string; bytes: number };
			const stored = await fetch(`${url}/blob/${answer.sha256}`, {
				headers: { cookie: owner.cookie() }
			});
			expect(stored.status).toBe(200);
			expect(stored.headers.get('content-type')).toBe(mime);
			const storedBytes = new Uint8Array(await stored.arrayBuffer());
			expect(sha(storedBytes)).toBe(answer.sha256);
			expect(storedBytes.byteLength).toBe(answer.bytes);
			const thumb = await fetch(`${url}/blob/${answer.thumbSha256}`, {
				headers: { cookie: owner.cookie() }
			});
			expect(thumb.status).toBe(200);
			expect(thumb.headers.get('content-type')).toBe('image/webp');
			expect(sha(new Uint8Array(await thumb.arrayBuffer()))).toBe(answer.thumbSha256);
			expect(
				await owner.client.blobs.missing.query({ hashes: [answer.sha256, answer.thumbSha256] })
			).toEqual([]);
		}
	);

	it('applies EXIF orientation and strips metadata (so the stored hash differs from the uploaded one)', async () => {
		const bytes = new Uint8Array(
			await sharp({ create: { width: 80, height: 40, channels: 3, background: '#123456' } })
				.jpeg()
				.withMetadata({ orientation: 6 })
				.toBuffer()
		);
		expect((await sharp(bytes).metadata()).orientation).toBe(6);
		const res = await put(bytes);
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ width: 40, height: 80, mime: 'image/jpeg' });
		const answer = res.body as { sha256: string };
		expect(answer.sha256).not.toBe(sha(bytes));
		const stored = Buffer.from(
			await (
				await fetch(`${url}/blob/${answer.sha256}`, { headers: { cookie: owner.cookie() } })
			).arrayBuffer()
		);
		const meta = await sharp(stored).metadata();
		expect([meta.width, meta.height]).toEqual([40, 80]);
		expect(meta.exif).toBeUndefined();
		expect(meta.orientation).toBeUndefined();
	});

	it('treats a repeated PUT as a no-op with the same answer (200)', async () => {
		const bytes = new Uint8Array(
			await sharp({ create: { width: 30, height: 30, channels: 3, background: '#abcdef' } })
				.png()
				.toBuffer()
		);
		const first = await put(bytes);
		expect(first.status).toBe(201);
		const second = await put(bytes);
		expect(second.status).toBe(200);
		expect(second.body).toEqual(first.body);
		// Uploading the stored (already clean) bytes themselves lands on the same blob too.
		const stored = new Uint8Array(
			await (
				await fetch(`${url}/blob/${first.body.sha256 as string}`, {
					headers: { cookie: owner.cookie() }
				})
			).arrayBuffer()
		);
		const third = await put(stored);
		expect(third.status).toBe(200);
		expect(third.body.sha256).toBe(first.body.sha256);
	});

	it('lets the uploaded image be a source of a demo/sketch generation, which records it', async () => {
		const res = await put(new Uint8Array(await png()));
		const source = res.body.sha256 as string;
		const id = uuidv7();
		let status = await owner.client.generate.submit.mutate({
			id,
			model: 'demo/sketch',
			prompt: 'a banana on this',
			params: { aspectRatio: '1:1' },
			sourceHashes: [source]
		});
		while (status.status === 'running') {
			await new Promise((r) => setTimeout(r, 20));
			status = await owner.client.generate.status.query({ id });
		}
		expect(status.status).toBe('done');
		expect(status.sourceHashes).toEqual([source]);
	});

	it("rejects a body whose hash is not the URL's (400), storing nothing", async () => {
		const bytes = new Uint8Array(await png());
		const wrong = sha(new Uint8Array([1, 2, 3]));
		const res = await put(bytes, { hash: wrong });
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ error: 'UPLOAD_REJECTED' });
		expect(String(res.body.message)).toContain('hash mismatch');
		expect(await relay.deps.blobStore.has(wrong)).toBe(false);
	});

	it.each([
		[
			'GIF',
			async () =>
				new Uint8Array(
					await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
						.gif()
						.toBuffer()
				)
		],
		[
			'SVG',
			async () =>
				new TextEncoder().encode(
					'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
				)
		],
		[
			'HTML',
			async () =>
				new TextEncoder().encode(
					'<!doctype html><html><body><script>alert(1)</script></body></html>'
				)
		],
		['empty', async () => new Uint8Array(0)]
	])('rejects %s with 415', async (_label, make) => {
		const bytes = await make();
		const res = await put(bytes);
		expect(res.status).toBe(415);
		expect(res.body).toMatchObject({ error: 'UPLOAD_REJECTED' });
		expect(await relay.deps.blobStore.has(sha(bytes))).toBe(false);
	});

	it('rejects a truncated PNG with 422 and a clear message', async () => {
		const noise = Buffer.alloc(200 * 200 * 3);
		for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
		const full = await sharp(noise, { raw: { width: 200, height: 200, channels: 3 } })
			.png()
			.toBuffer();
		const cut = new Uint8Array(full.subarray(0, Math.floor(full.length / 2)));
		const res = await put(cut);
		expect(res.status).toBe(422);
		expect(res.body).toMatchObject({ error: 'UPLOAD_REJECTED' });
		expect(String(res.body.message)).toMatch(/damaged|truncated|readable/);
	});

	it('rejects a decompression bomb (10000×10000 in a small PNG) with 422, storing nothing', async () => {
		const bomb = new Uint8Array(
			await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#000' } })
				.greyscale()
				.png({ compressionLevel: 9 })
				.toBuffer()
		);
		expect(bomb.byteLength).toBeLessThan(1024 * 1024);
		expect(claimedDimensions(bomb, 'image/png')).toEqual({ width: 10_000, height: 10_000 });
		const before = await owner.client.blobs.missing.query({ hashes: [sha(bomb)] });
		const res = await put(bomb);
		expect(res.status).toBe(422);
		expect(res.body).toMatchObject({ error: 'UPLOAD_REJECTED' });
		expect(String(res.body.message)).toMatch(/megapixels/);
		expect(await relay.deps.blobStore.has(sha(bomb))).toBe(false);
		expect(await owner.client.blobs.missing.query({ hashes: [sha(bomb)] })).toEqual(before);
	}, 60_000);

	it('answers 413 for a body over 15 MiB, declared or streamed (chunked), and stops reading', async () => {
		const big = new Uint8Array(MAX_UPLOAD_BYTES + 1024 * 1024);
		big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const declared = await put(big);
		expect(declared.status).toBe(413);
		expect(declared.body).toMatchObject({ error: 'UPLOAD_REJECTED' });
		const streamed = await put(big, { declareLength: false });
		expect(streamed.status).toBe(413);
		expect(streamed.body).toMatchObject({ error: 'UPLOAD_REJECTED' });
		expect(await relay.deps.blobStore.has(sha(big))).toBe(false);
		// The relay still serves afterwards.
		expect((await fetch(`${url}/healthz`)).status).toBe(200);
	});

	it('requires a session (401) and the CSRF header (403)', async () => {
		const bytes = new Uint8Array(await png());
		const anonymous = await put(bytes, { cookie: null });
		expect(anonymous.status).toBe(401);
		expect(anonymous.body).toMatchObject({ error: 'UNAUTHENTICATED' });
		const crossSite = await put(bytes, { csrf: false });
		expect(crossSite.status).toBe(403);
		expect(crossSite.body).toMatchObject({ error: 'FORBIDDEN' });
		const foreignOrigin = await rawPut(url, `/blob/${sha(bytes)}`, bytes, {
			[CLIENT_HEADER]: '1',
			cookie: owner.cookie(),
			origin: 'https://evil.example'
		});
		expect(foreignOrigin.status).toBe(403);
	});

	it('keeps uploads private: another user gets 404 and still sees the hash as missing', async () => {
		const bytes = new Uint8Array(
			await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c0ffee' } })
				.webp()
				.toBuffer()
		);
		const res = await put(bytes);
		expect(res.status).toBe(201);
		const { sha256: stored, thumbSha256 } = res.body as { sha256: string; thumbSha256: string };
		const stranger = httpClient(url);
		await stranger.client.auth.register.mutate({
			email: `str-${uuidv7().slice(-12)}@example.test`,
			password: 'long password'
		});
		expect(
			(await fetch(`${url}/blob/${stored}`, { headers: { cookie: stranger.cookie() } })).status
		).toBe(404);
		expect(
			(await fetch(`${url}/blob/${thumbSha256}`, { headers: { cookie: stranger.cookie() } })).status
		).toBe(404);
		expect(await stranger.client.blobs.missing.query({ hashes: [stored, thumbSha256] })).toEqual([
			stored,
			thumbSha256
		]);
		expect(await owner.client.blobs.missing.query({ hashes: [stored, thumbSha256] })).toEqual([]);
		// Once the stranger uploads the same bytes, they may read it (201 for them).
		const theirs = await rawPut(url, `/blob/${sha(bytes)}`, bytes, {
			[CLIENT_HEADER]: '1',
			cookie: stranger.cookie()
		});
		expect(theirs.status).toBe(201);
		expect(theirs.body.sha256).toBe(stored);
		expect(await stranger.client.blobs.missing.query({ hashes: [stored] })).toEqual([]);
	});

	it('blobs.missing validates its input (max 100 sha256 hashes)', async () => {
		const hashes = Array.from({ length: 101 }, (_, i) => sha(new Uint8Array([i])));
		await expect(owner.client.blobs.missing.query({ hashes })).rejects.toBeTruthy();
		await expect(owner.client.blobs.missing.query({ hashes: ['not-a-hash'] })).rejects.toBeTruthy();
		expect(await owner.client.blobs.missing.query({ hashes: [] })).toEqual([]);
		await expect(relay.caller(null).blobs.missing({ hashes: [] })).rejects.toMatchObject({
			code: 'UNAUTHORIZED'
		});
	});
});

describe('upload helpers', () => {
	it('sniffs only JPEG, PNG and WebP', () => {
		expect(sniffUploadMime(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffUploadMime(new TextEncoder().encode('GIF89a......'))).toBeNull();
		expect(sniffUploadMime(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
		expect(sniffUploadMime(new Uint8Array(0))).toBeNull();
	});

	it('reads claimed dimensions from JPEG and WebP headers', async () => {
		const jpeg = new Uint8Array(
			await sharp({ create: { width: 123, height: 45, channels: 3, background: '#000' } })
				.jpeg()
				.toBuffer()
		);
		expect(claimedDimensions(jpeg, 'image/jpeg')).toEqual({ width: 123, height: 45 });
		const lossy = new Uint8Array(
			await sharp({ create: { width: 123, height: 45, channels: 3, background: '#000' } })
				.webp()
				.toBuffer()
		);
		expect(claimedDimensions(lossy, 'image/webp')).toEqual({ width: 123, height: 45 });
		const lossless = new Uint8Array(
			await sharp({ create: { width: 123, height: 45, channels: 3, background: '#000' } })
				.webp({ lossless: true })
				.toBuffer()
		);
		expect(claimedDimensions(lossless, 'image/webp')).toEqual({ width: 123, height: 45 });
	});

	it('limits concurrency to 2 and refuses when too many wait', async () => {
		const limiter = createLimiter(2, 3);
		let running = 0;
		let peak = 0;
		const release: Array<() => void> = [];
		const task = () =>
			limiter.run(async () => {
				running++;
				peak = Math.max(peak, running);
				await new Promise<void>((r) => release.push(r));
				running--;
			});
		const accepted = Array.from({ length: 5 }, task);
		await expect(task()).rejects.toBeInstanceOf(LimiterFullError);
		expect(limiter.active).toBe(2);
		expect(limiter.waiting).toBe(3);
		while (release.length || limiter.active) {
			release.shift()?.();
			await new Promise((r) => setTimeout(r, 1));
		}
		await Promise.all(accepted);
		expect(peak).toBe(2);
		expect(limiter.active).toBe(0);
	});
});
