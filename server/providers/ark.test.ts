import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_PROVIDER_KEY, startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { tinyPng, tinyPngBase64 } from '../testing/fake-provider-shared';
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
import { arkSize, createArkProvider } from './ark';

const request = (overrides = {}) =>
	makeImageRequest({ upstreamModel: 'doubao-seedream-4-0-250828', ...overrides });

describe('createArkProvider', () => {
	let fake: FakeProvider;
	let sut: ImageProvider;

	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.calls.length = 0;
		sut = createArkProvider({
			apiKey: FAKE_PROVIDER_KEY,
			baseUrl: fake.baseUrls.ark,
			urlFetch: { allowInsecureForTests: [fake.host] }
		});
	});

	it('posts the Seedream body with watermark off and b64_json when asked for one image', async () => {
		const result = await sut.generate(request({ aspectRatio: '16:9', seed: 5 }), liveSignal());
		const [call] = fake.calls;
		expect(call.path).toBe('/api/v3/images/generations');
		expect(call.headers.authorization).toBe(`Bearer ${FAKE_PROVIDER_KEY}`);
		expect(call.headers['x-client-request-id']).toBe('0190f0c0-0000-7000-8000-0000000000aa');
		expect(call.body).toEqual({
			model: 'doubao-seedream-4-0-250828',
			prompt: 'a banana in a spacesuit',
			size: '2560x1440',
			seed: 5,
			watermark: false,
			response_format: 'b64_json',
			stream: false
		});
		expect(Buffer.from(result.images[0].bytes).equals(Buffer.from(tinyPng()))).toBe(true);
	});

	it('sends one source as a string and several as an array of data URLs', async () => {
		await sut.generate(request({ sources: [makeSource()] }), liveSignal());
		await sut.generate(
			request({ sources: [makeSource(), makeSource('image/jpeg')] }),
			liveSignal()
		);
		const dataUrl = `data:image/png;base64,${tinyPngBase64()}`;
		expect((fake.calls[0].body as { image: unknown }).image).toBe(dataUrl);
		const many = (fake.calls[1].body as { image: string[] }).image;
		expect(many).toHaveLength(2);
		expect(many[0]).toBe(dataUrl);
		expect(many[1].startsWith('data:image/jpeg;base64,')).toBe(true);
	});

	it('never asks for group mode: one call is one image, even with sources', async () => {
		await sut.generate(request({ sources: [makeSource(), makeSource()] }), liveSignal());
		const body = fake.calls[0].body as Record<string, unknown>;
		expect(body).not.toHaveProperty('sequential_image_generation');
		expect(body).not.toHaveProperty('sequential_image_generation_options');
	});

	it('maps size tiers to pixels at the aspect ratio', () => {
		expect(arkSize({ aspectRatio: '1:1' })).toBe('2048x2048');
		expect(arkSize({ aspectRatio: '9:16', size: '4K' })).toBe('2880x5120');
		expect(arkSize({ aspectRatio: '16:9', size: '1K' })).toBe('1344x768');
		expect(arkSize({ aspectRatio: '1:1', size: '1536x1536' })).toBe('1536x1536');
	});

	it('downloads a URL answer through safe-fetch when given one', async () => {
		fake.script({ kind: 'url' });
		const result = await sut.generate(request(), liveSignal());
		expect(result.images[0].mime).toBe('image/png');
	});

	it('refuses a URL answer that redirects to loopback', async () => {
		fake.script({ kind: 'redirect-to-loopback' });
		expect((await expectProviderError(sut.generate(request(), liveSignal()))).code).toBe(
			'PROVIDER_IMAGE_REFUSED'
		);
	});

	it('refuses a URL answer on a host that is not Ark when not in the test list', async () => {
		const strict = createArkProvider({ apiKey: FAKE_PROVIDER_KEY, baseUrl: fake.baseUrls.ark });
		fake.script({ kind: 'url' });
		const error = await expectProviderError(strict.generate(request(), liveSignal()));
		expect(error.message).toMatch(/refused/);
	});

	const overdue = {
		error: { code: 'AccountOverdueError', message: 'Your account is overdue', type: 'Forbidden' }
	};
	const cases: ErrorCase[] = [
		{
			name: '401 AuthenticationError',
			behaviour: { kind: 'status', status: 401 },
			code: 'PROVIDER_KEY_INVALID'
		},
		{
			name: '403 AccountOverdueError',
			behaviour: { kind: 'status', status: 403, body: overdue },
			code: 'PROVIDER_OUT_OF_FUNDS'
		},
		{
			name: '429 + Retry-After',
			behaviour: { kind: 'status', status: 429, retryAfter: '4' },
			code: 'PROVIDER_RATE_LIMITED',
			retryAfterMs: 4000
		},
		{
			name: '400 OutputImageSensitiveContentDetected',
			behaviour: { kind: 'safety' },
			code: 'CONTENT_BLOCKED'
		},
		{
			name: '400 InputTextSensitiveContentDetected',
			behaviour: { kind: 'blocked-prompt' },
			code: 'CONTENT_BLOCKED'
		},
		{
			name: '400 InvalidParameter',
			behaviour: { kind: 'status', status: 400 },
			code: 'PROVIDER_REJECTED_REQUEST'
		},
		{ name: '500 InternalServiceError', behaviour: { kind: '500' }, code: 'PROVIDER_UNAVAILABLE' },
		{ name: '200 malformed JSON', behaviour: { kind: 'garbage' }, code: 'PROVIDER_BAD_RESPONSE' },
		{ name: '200 HTML', behaviour: { kind: 'html200' }, code: 'PROVIDER_BAD_RESPONSE' },
		{ name: '200 with no images', behaviour: { kind: 'text-only' }, code: 'NO_IMAGE_RETURNED' },
		{
			name: '200 with a truncated image',
			behaviour: { kind: 'truncated-image' },
			code: 'PROVIDER_BAD_RESPONSE'
		},
		{
			name: '200 with only a per-image sensitive-content error',
			behaviour: {
				kind: 'status',
				status: 200,
				body: {
					data: [{ error: { code: 'OutputImageSensitiveContentDetected', message: 'blocked' } }]
				}
			},
			code: 'CONTENT_BLOCKED'
		},
		{ name: 'a connection reset', behaviour: { kind: 'reset' }, code: 'PROVIDER_UNAVAILABLE' }
	];
	itMapsProviderErrors(cases, { fake: () => fake, sut: () => sut, request: () => request() });

	it('throws PROVIDER_TIMEOUT when the deadline aborts a hanging call', async () => {
		fake.script({ kind: 'hang' });
		expect(
			(await expectProviderError(sut.generate(request(), AbortSignal.timeout(100)))).code
		).toBe('PROVIDER_TIMEOUT');
	});

	it('never leaks the key when the upstream echoes it', async () => {
		fake.script({
			kind: 'status',
			status: 400,
			body: { error: { code: 'InvalidParameter', message: `bad key ${FAKE_PROVIDER_KEY}` } }
		});
		expect(
			everythingIn(await expectProviderError(sut.generate(request(), liveSignal())))
		).not.toContain(FAKE_PROVIDER_KEY);
	});
});
