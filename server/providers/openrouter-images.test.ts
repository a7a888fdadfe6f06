import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_PROVIDER_KEY, startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { tinyPng, tinyPngBase64 } from '../testing/fake-provider-shared';
import {
	liveSignal,
	makeImageRequest,
	makeSource,
	itMapsProviderErrors,
	type ErrorCase
} from '../testing/fake-provider-kit';
import type { ImageProvider } from './provider';
import { buildImagesBody, createOpenRouterImagesProvider } from './openrouter-images';

const request = (overrides = {}) =>
	makeImageRequest({ upstreamModel: 'black-forest-labs/flux.2-pro', ...overrides });

describe('createOpenRouterImagesProvider', () => {
	let fake: FakeProvider;
	let sut: ImageProvider;

	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.calls.length = 0;
		sut = createOpenRouterImagesProvider({
			apiKey: FAKE_PROVIDER_KEY,
			baseUrl: fake.baseUrls.openrouter
		});
	});

	it('posts to /api/v1/images with n 1, aspect_ratio, resolution, quality and input_references', async () => {
		const result = await sut.generate(
			request({
				aspectRatio: '16:9',
				size: '2K',
				quality: 'high',
				seed: 3,
				sources: [makeSource()]
			}),
			liveSignal()
		);
		const [call] = fake.calls;
		expect(call.path).toBe('/api/v1/images');
		expect(call.headers.authorization).toBe(`Bearer ${FAKE_PROVIDER_KEY}`);
		expect(call.body).toEqual({
			model: 'black-forest-labs/flux.2-pro',
			prompt: 'a banana in a spacesuit',
			n: 1,
			aspect_ratio: '16:9',
			resolution: '2K',
			quality: 'high',
			seed: 3,
			input_references: [
				{ type: 'image_url', image_url: { url: `data:image/png;base64,${tinyPngBase64()}` } }
			],
			stream: false
		});
		expect(result.images).toHaveLength(1);
		expect(Buffer.from(result.images[0].bytes).equals(Buffer.from(tinyPng()))).toBe(true);
		expect(result.costUsd).toBe(0.04);
	});

	it('sends explicit pixels as size alone when the size is WxH', () => {
		const body = buildImagesBody(request({ size: '2048x1152' }));
		expect(body.size).toBe('2048x1152');
		expect(body).not.toHaveProperty('aspect_ratio');
		expect(body).not.toHaveProperty('resolution');
	});

	const cases: ErrorCase[] = [
		{ name: '401', behaviour: { kind: 'status', status: 401 }, code: 'PROVIDER_KEY_INVALID' },
		{ name: '402', behaviour: { kind: 'status', status: 402 }, code: 'PROVIDER_OUT_OF_FUNDS' },
		{
			name: '429 + Retry-After',
			behaviour: { kind: 'status', status: 429, retryAfter: '5' },
			code: 'PROVIDER_RATE_LIMITED',
			retryAfterMs: 5000
		},
		{
			name: '400 content_policy_violation',
			behaviour: { kind: 'safety' },
			code: 'CONTENT_BLOCKED'
		},
		{
			name: '502 generation did not complete',
			behaviour: { kind: '500' },
			code: 'PROVIDER_UNAVAILABLE'
		},
		{ name: '200 with no data', behaviour: { kind: 'text-only' }, code: 'NO_IMAGE_RETURNED' },
		{ name: '200 with a URL item', behaviour: { kind: 'url' }, code: 'PROVIDER_BAD_RESPONSE' },
		{
			name: '200 with a truncated image',
			behaviour: { kind: 'truncated-image' },
			code: 'PROVIDER_BAD_RESPONSE'
		},
		{ name: '200 malformed JSON', behaviour: { kind: 'garbage' }, code: 'PROVIDER_BAD_RESPONSE' },
		{ name: '200 HTML', behaviour: { kind: 'html200' }, code: 'PROVIDER_BAD_RESPONSE' }
	];
	itMapsProviderErrors(cases, { fake: () => fake, sut: () => sut, request: () => request() });
});
