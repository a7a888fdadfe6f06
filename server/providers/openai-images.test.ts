import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	FAKE_PROVIDER_KEY,
	startFakeProvider,
	type FakeMultipartBody,
	type FakeProvider
} from '../testing/fake-provider';
import { openAIQuotaBody } from '../testing/fake-provider-openai';
import { tinyPng } from '../testing/fake-provider-shared';
import {
	everythingIn,
	expectProviderError,
	liveSignal,
	makeImageRequest,
	makeSource,
	itMapsProviderErrors,
	type ErrorCase
} from '../testing/fake-provider-kit';
import type { ImageProvider } from './provider';
import { createOpenAIImagesProvider, openAISize } from './openai-images';
import { parseDurationMs } from './openai-errors';

const request = (overrides = {}) =>
	makeImageRequest({ upstreamModel: 'gpt-image-1', ...overrides });

describe('createOpenAIImagesProvider', () => {
	let fake: FakeProvider;
	let sut: ImageProvider;

	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.calls.length = 0;
		sut = createOpenAIImagesProvider({
			apiKey: FAKE_PROVIDER_KEY,
			baseUrl: fake.baseUrls.openai,
			urlFetch: { allowInsecureForTests: [fake.host] }
		});
	});

	it('posts JSON to /v1/images/generations asking for exactly one image when there are no sources', async () => {
		const result = await sut.generate(request({ aspectRatio: '3:2' }), liveSignal());
		const [call] = fake.calls;
		expect(call.path).toBe('/v1/images/generations');
		expect(call.headers.authorization).toBe(`Bearer ${FAKE_PROVIDER_KEY}`);
		expect(call.body).toEqual({
			model: 'gpt-image-1',
			prompt: 'a banana in a spacesuit',
			n: 1,
			size: '1536x1024'
		});
		expect(result.images).toHaveLength(1);
		expect(Buffer.from(result.images[0].bytes).equals(Buffer.from(tinyPng()))).toBe(true);
		expect(result.providerRequestId).toMatch(/^req_fake_/);
	});

	it('posts multipart with repeated image[] and a mask to /v1/images/edits when there are sources', async () => {
		const mask = makeSource();
		await sut.generate(
			request({ sources: [makeSource(), makeSource('image/jpeg')], mask }),
			liveSignal()
		);
		const [call] = fake.calls;
		expect(call.path).toBe('/v1/images/edits');
		expect(String(call.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		const body = call.body as FakeMultipartBody;
		expect(body.fields).toEqual({
			model: 'gpt-image-1',
			prompt: 'a banana in a spacesuit',
			n: '1',
			size: '1024x1024'
		});
		expect(body.files.map((f) => [f.field, f.filename, f.type])).toEqual([
			['image[]', 'image-1.png', 'image/png'],
			['image[]', 'image-2.jpg', 'image/jpeg'],
			['mask', 'mask.png', 'image/png']
		]);
		expect(Buffer.from(body.files[0].bytes).equals(Buffer.from(tinyPng()))).toBe(true);
	});

	it('sends the chosen quality on both endpoints', async () => {
		await sut.generate(request({ quality: 'high' }), liveSignal());
		await sut.generate(request({ quality: 'low', sources: [makeSource()] }), liveSignal());
		expect(fake.calls[0].body).toMatchObject({ n: 1, quality: 'high' });
		expect((fake.calls[1].body as FakeMultipartBody).fields).toMatchObject({
			n: '1',
			quality: 'low'
		});
	});

	it('maps sizes by aspect ratio and passes explicit WxH when asked', () => {
		expect(openAISize({ aspectRatio: '1:1' })).toBe('1024x1024');
		expect(openAISize({ aspectRatio: '2:3' })).toBe('1024x1536');
		expect(openAISize({ aspectRatio: '16:9' })).toBe('1344x768');
		expect(openAISize({ aspectRatio: '16:9', size: '2048x1152' })).toBe('2048x1152');
		expect(openAISize({ aspectRatio: '1:1', size: '2K' })).toBe('1024x1024');
	});

	it('downloads a URL answer through safe-fetch when the host is the provider', async () => {
		fake.script({ kind: 'url' });
		const result = await sut.generate(request(), liveSignal());
		expect(Buffer.from(result.images[0].bytes).equals(Buffer.from(tinyPng()))).toBe(true);
	});

	it('refuses a URL answer that redirects to loopback', async () => {
		fake.script({ kind: 'redirect-to-loopback' });
		expect((await expectProviderError(sut.generate(request(), liveSignal()))).code).toBe(
			'PROVIDER_IMAGE_REFUSED'
		);
	});

	const cases: ErrorCase[] = [
		{
			name: '401 invalid_api_key',
			behaviour: { kind: 'status', status: 401 },
			code: 'PROVIDER_KEY_INVALID'
		},
		{
			name: '403 region',
			behaviour: { kind: 'status', status: 403 },
			code: 'PROVIDER_KEY_INVALID'
		},
		{
			name: '429 rate limit + retry-after',
			behaviour: { kind: 'status', status: 429, retryAfter: '2' },
			code: 'PROVIDER_RATE_LIMITED',
			retryAfterMs: 2000
		},
		{
			name: '429 + retry-after-ms',
			behaviour: { kind: 'status', status: 429, headers: { 'retry-after-ms': '1500' } },
			code: 'PROVIDER_RATE_LIMITED',
			retryAfterMs: 1500
		},
		{
			name: '429 + x-ratelimit-reset-requests',
			behaviour: { kind: 'status', status: 429, headers: { 'x-ratelimit-reset-requests': '6m0s' } },
			code: 'PROVIDER_RATE_LIMITED',
			retryAfterMs: 360_000
		},
		{
			name: '429 insufficient_quota',
			behaviour: { kind: 'status', status: 429, body: openAIQuotaBody() },
			code: 'PROVIDER_OUT_OF_FUNDS',
			retryAfterMs: null
		},
		{ name: '400 moderation_blocked', behaviour: { kind: 'safety' }, code: 'CONTENT_BLOCKED' },
		{
			name: '400 invalid request',
			behaviour: { kind: 'status', status: 400 },
			code: 'PROVIDER_REJECTED_REQUEST'
		},
		{ name: '500', behaviour: { kind: '500' }, code: 'PROVIDER_UNAVAILABLE' },
		{ name: '503', behaviour: { kind: 'status', status: 503 }, code: 'PROVIDER_UNAVAILABLE' },
		{ name: '200 malformed JSON', behaviour: { kind: 'garbage' }, code: 'PROVIDER_BAD_RESPONSE' },
		{ name: '200 HTML', behaviour: { kind: 'html200' }, code: 'PROVIDER_BAD_RESPONSE' },
		{ name: '200 with no data', behaviour: { kind: 'text-only' }, code: 'NO_IMAGE_RETURNED' },
		{
			name: '200 with a truncated image',
			behaviour: { kind: 'truncated-image' },
			code: 'PROVIDER_BAD_RESPONSE'
		},
		{ name: 'a connection reset', behaviour: { kind: 'reset' }, code: 'PROVIDER_UNAVAILABLE' }
	];
	itMapsProviderErrors(cases, { fake: () => fake, sut: () => sut, request: () => request() });

	it('throws PROVIDER_TIMEOUT when the deadline aborts a slow call', async () => {
		fake.script({ kind: 'slow', ms: 5000 });
		expect(
			(await expectProviderError(sut.generate(request(), AbortSignal.timeout(100)))).code
		).toBe('PROVIDER_TIMEOUT');
	});

	it('never leaks the key when the upstream echoes it', async () => {
		fake.script({
			kind: 'status',
			status: 401,
			body: {
				error: {
					message: `Incorrect API key provided: ${FAKE_PROVIDER_KEY}`,
					type: 'x',
					param: null,
					code: 'invalid_api_key'
				}
			}
		});
		const error = await expectProviderError(sut.generate(request(), liveSignal()));
		expect(everythingIn(error)).not.toContain(FAKE_PROVIDER_KEY);
	});
});

describe('parseDurationMs', () => {
	it('reads Go-style durations when OpenAI sends them', () => {
		expect(parseDurationMs('1s')).toBe(1000);
		expect(parseDurationMs('6m0s')).toBe(360_000);
		expect(parseDurationMs('20ms')).toBe(20);
		expect(parseDurationMs('1h2m3.5s')).toBe(3_723_500);
		expect(parseDurationMs('soon')).toBeNull();
		expect(parseDurationMs(null)).toBeNull();
	});
});
