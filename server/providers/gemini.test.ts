import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_PROVIDER_KEY, startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { geminiErrorBody } from '../testing/fake-provider-gemini';
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
import { createGeminiProvider } from './gemini';

const request = (overrides = {}) =>
	makeImageRequest({ upstreamModel: 'gemini-2.5-flash-image', ...overrides });

describe('createGeminiProvider', () => {
	let fake: FakeProvider;
	let sut: ImageProvider;

	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.calls.length = 0;
		sut = createGeminiProvider({ apiKey: FAKE_PROVIDER_KEY, baseUrl: fake.baseUrls.gemini });
	});

	it('posts generateContent with the key header, modalities, imageConfig and inlineData sources', async () => {
		const result = await sut.generate(
			request({
				aspectRatio: '4:5',
				size: '2K',
				textOutput: true,
				sources: [makeSource(), makeSource('image/webp')]
			}),
			liveSignal()
		);
		const [call] = fake.calls;
		expect(call.path).toBe('/v1beta/models/gemini-2.5-flash-image:generateContent');
		expect(call.headers['x-goog-api-key']).toBe(FAKE_PROVIDER_KEY);
		expect(call.headers.authorization).toBeUndefined();
		expect(call.body).toEqual({
			contents: [
				{
					role: 'user',
					parts: [
						{ text: 'a banana in a spacesuit' },
						{ inlineData: { mimeType: 'image/png', data: tinyPngBase64() } },
						{ inlineData: { mimeType: 'image/webp', data: tinyPngBase64() } }
					]
				}
			],
			generationConfig: {
				responseModalities: ['TEXT', 'IMAGE'],
				imageConfig: { aspectRatio: '4:5', imageSize: '2K' }
			}
		});
		expect(Buffer.from(result.images[0].bytes).equals(Buffer.from(tinyPng()))).toBe(true);
		expect(result.text).toBe('Here is your image.');
		expect(result.providerRequestId).toMatch(/^fake-response-/);
	});

	it('asks for image-only output when the model has no textOutput', async () => {
		await sut.generate(request({ textOutput: false }), liveSignal());
		expect(
			(fake.calls[0].body as { generationConfig: { responseModalities: string[] } })
				.generationConfig.responseModalities
		).toEqual(['IMAGE']);
	});

	it('skips thought parts when the model returns interim images', async () => {
		const thought = {
			inlineData: { mimeType: 'image/png', data: 'bm90IGFuIGltYWdl' },
			thought: true
		};
		const real = { inlineData: { mimeType: 'image/png', data: tinyPngBase64() } };
		fake.script({
			kind: 'status',
			status: 200,
			body: { candidates: [{ content: { parts: [thought, real] }, finishReason: 'STOP' }] }
		});
		expect((await sut.generate(request(), liveSignal())).images).toHaveLength(1);
	});

	const badKey = geminiErrorBody(400, 'API key not valid.', [
		{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }
	]);
	const cases: ErrorCase[] = [
		{
			name: '400 API_KEY_INVALID',
			behaviour: { kind: 'status', status: 400, body: badKey },
			code: 'PROVIDER_KEY_INVALID'
		},
		{
			name: '403 PERMISSION_DENIED',
			behaviour: { kind: 'status', status: 403 },
			code: 'PROVIDER_KEY_INVALID'
		},
		{
			name: '400 INVALID_ARGUMENT',
			behaviour: { kind: 'status', status: 400 },
			code: 'PROVIDER_REJECTED_REQUEST'
		},
		{
			name: '429 RESOURCE_EXHAUSTED with RetryInfo',
			behaviour: { kind: 'status', status: 429 },
			code: 'PROVIDER_RATE_LIMITED',
			retryAfterMs: 19_000
		},
		{
			name: '503 UNAVAILABLE',
			behaviour: { kind: 'status', status: 503 },
			code: 'PROVIDER_UNAVAILABLE'
		},
		{
			name: '504 DEADLINE_EXCEEDED',
			behaviour: { kind: 'status', status: 504 },
			code: 'PROVIDER_TIMEOUT'
		},
		{ name: '500 INTERNAL', behaviour: { kind: '500' }, code: 'PROVIDER_UNAVAILABLE' },
		{ name: '200 IMAGE_SAFETY', behaviour: { kind: 'safety' }, code: 'CONTENT_BLOCKED' },
		{
			name: '200 promptFeedback.blockReason',
			behaviour: { kind: 'blocked-prompt' },
			code: 'CONTENT_BLOCKED'
		},
		{
			name: '200 text only',
			behaviour: { kind: 'text-only', text: 'Just words.' },
			code: 'NO_IMAGE_RETURNED'
		},
		{
			name: '200 with a truncated image',
			behaviour: { kind: 'truncated-image' },
			code: 'PROVIDER_BAD_RESPONSE'
		},
		{
			name: '200 with a file reference',
			behaviour: { kind: 'url' },
			code: 'PROVIDER_BAD_RESPONSE'
		},
		{ name: '200 malformed JSON', behaviour: { kind: 'garbage' }, code: 'PROVIDER_BAD_RESPONSE' },
		{ name: '200 HTML', behaviour: { kind: 'html200' }, code: 'PROVIDER_BAD_RESPONSE' },
		{ name: 'a connection reset', behaviour: { kind: 'reset' }, code: 'PROVIDER_UNAVAILABLE' }
	];
	itMapsProviderErrors(cases, { fake: () => fake, sut: () => sut, request: () => request() });

	it('includes the model text when no image comes back', async () => {
		fake.script({ kind: 'text-only', text: 'I can only describe a banana.' });
		expect((await expectProviderError(sut.generate(request(), liveSignal()))).message).toContain(
			'I can only describe a banana.'
		);
	});

	it('throws PROVIDER_KEY_INVALID when the fake rejects a wrong key', async () => {
		const wrong = createGeminiProvider({ apiKey: 'wrong-key-123', baseUrl: fake.baseUrls.gemini });
		expect((await expectProviderError(wrong.generate(request(), liveSignal()))).code).toBe(
			'PROVIDER_KEY_INVALID'
		);
	});

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
			body: geminiErrorBody(400, `key=${FAKE_PROVIDER_KEY} is odd`)
		});
		expect(
			everythingIn(await expectProviderError(sut.generate(request(), liveSignal())))
		).not.toContain(FAKE_PROVIDER_KEY);
	});
});
