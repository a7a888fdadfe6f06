import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	FAKE_PROVIDER_KEY,
	startFakeProvider,
	type FakeBehaviour,
	type FakeProvider
} from '../testing/fake-provider';
import {
	openRouterModerationBody,
	openRouterTypedErrorBody
} from '../testing/fake-provider-openrouter';
import { tinyPng } from '../testing/fake-provider-shared';
import { itMapsProviderErrors, type ErrorCase } from '../testing/fake-provider-kit';
import { ProviderError, type ImageProvider, type ImageRequest } from './provider';
import { createOpenRouterProvider } from './openrouter';

function makeRequest(overrides: Partial<ImageRequest> = {}): ImageRequest {
	return {
		upstreamModel: 'google/gemini-2.5-flash-image',
		prompt: 'a banana in a spacesuit',
		aspectRatio: '16:9',
		textOutput: true,
		sources: [],
		requestId: 'req-1',
		...overrides
	};
}

const live = () => new AbortController().signal;

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ProviderError);
	return error as ProviderError;
}

describe('createOpenRouterProvider', () => {
	let fake: FakeProvider;
	let sut: ImageProvider;

	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.calls.length = 0;
		sut = createOpenRouterProvider({
			apiKey: FAKE_PROVIDER_KEY,
			baseUrl: fake.baseUrl,
			appTitle: 'Nano Banana Studio'
		});
	});

	it('sends the chat request on the wire in OpenRouter shape when given sources', async () => {
		const source = { bytes: tinyPng(), mime: 'image/png' as const };
		await sut.generate(
			makeRequest({ size: '2K', seed: 7, sources: [source, { ...source, mime: 'image/jpeg' }] }),
			live()
		);
		expect(fake.calls).toHaveLength(1);
		const [call] = fake.calls;
		expect(call.method).toBe('POST');
		expect(call.path).toBe('/api/v1/chat/completions');
		expect(call.headers.authorization).toBe(`Bearer ${FAKE_PROVIDER_KEY}`);
		expect(call.headers['content-type']).toBe('application/json');
		expect(call.headers['x-openrouter-title']).toBe('Nano Banana Studio');
		const body = call.body as Record<string, any>;
		expect(body.model).toBe('google/gemini-2.5-flash-image');
		expect(body.modalities).toEqual(['image', 'text']);
		expect(body.image_config).toEqual({ aspect_ratio: '16:9', image_size: '2K' });
		expect(body.seed).toBe(7);
		expect(body.stream).toBe(false);
		const content = body.messages[0].content;
		expect(body.messages[0].role).toBe('user');
		expect(content[0]).toEqual({ type: 'text', text: 'a banana in a spacesuit' });
		expect(content[1].type).toBe('image_url');
		expect(content[1].image_url.url).toBe(
			`data:image/png;base64,${Buffer.from(tinyPng()).toString('base64')}`
		);
		expect(content[2].image_url.url.startsWith('data:image/jpeg;base64,')).toBe(true);
	});

	it('asks for image-only output (modalities ["image"]) for a model without textOutput, and gets its image', async () => {
		const result = await sut.generate(
			makeRequest({ upstreamModel: 'black-forest-labs/flux.2-pro', textOutput: false }),
			live()
		);
		expect((fake.calls[0].body as Record<string, any>).modalities).toEqual(['image']);
		expect(result.images).toHaveLength(1);
		expect(result.text).toBeUndefined();
	});

	it('is refused by an image-only model when asked for text too (why the flag exists)', async () => {
		const error = await failure(
			sut.generate(
				makeRequest({ upstreamModel: 'black-forest-labs/flux.2-pro', textOutput: true }),
				live()
			)
		);
		expect(error.code).toBe('PROVIDER_REJECTED_REQUEST');
		expect(error.message).toMatch(/output modalities: image, text/);
	});

	it('sends strength in image_config only with sources', async () => {
		const source = { bytes: tinyPng(), mime: 'image/png' as const };
		await sut.generate(makeRequest({ strength: 0.35, sources: [source] }), live());
		await sut.generate(makeRequest({ strength: 0.35 }), live());
		expect((fake.calls[0].body as Record<string, any>).image_config).toEqual({
			aspect_ratio: '16:9',
			strength: 0.35
		});
		expect((fake.calls[1].body as Record<string, any>).image_config).toEqual({
			aspect_ratio: '16:9'
		});
	});

	it('leaves image_size out when the size is not a 1K/2K/4K tier', async () => {
		await sut.generate(makeRequest({ size: '1024x1024' }), live());
		expect((fake.calls[0].body as Record<string, any>).image_config).toEqual({
			aspect_ratio: '16:9'
		});
		expect((fake.calls[0].body as Record<string, any>).seed).toBeUndefined();
	});

	it('returns decoded PNG bytes, text, id and cost when the model answers with an image', async () => {
		fake.script({ kind: 'image', cost: 0.04, text: 'A banana.' });
		const result = await sut.generate(makeRequest(), live());
		expect(result.images).toHaveLength(1);
		expect(Buffer.from(result.images[0].bytes).equals(Buffer.from(tinyPng()))).toBe(true);
		expect(result.images[0].mime).toBe('image/png');
		expect(result.text).toBe('A banana.');
		expect(result.providerRequestId).toMatch(/^gen-fake-/);
		expect(result.costUsd).toBe(0.04);
	});

	it('returns every image when the answer carries several', async () => {
		fake.script({ kind: 'image', count: 2 });
		expect((await sut.generate(makeRequest(), live())).images).toHaveLength(2);
	});

	const errorCases: ErrorCase[] = [
		{ name: '401', behaviour: { kind: 'status', status: 401 }, code: 'PROVIDER_KEY_INVALID' },
		{
			name: '403 without reasons',
			behaviour: { kind: 'status', status: 403 },
			code: 'PROVIDER_KEY_INVALID'
		},
		{
			name: '403 moderation',
			behaviour: { kind: 'status', status: 403, body: openRouterModerationBody() },
			code: 'CONTENT_BLOCKED'
		},
		{
			name: '402',
			behaviour: {
				kind: 'status',
				status: 402,
				body: { error: { code: 402, message: 'Insufficient credits' } }
			},
			code: 'PROVIDER_OUT_OF_FUNDS'
		},
		{
			name: '429 + seconds',
			behaviour: { kind: 'status', status: 429, retryAfter: '3' },
			code: 'PROVIDER_RATE_LIMITED',
			retryAfterMs: 3000
		},
		{
			name: '429 without Retry-After',
			behaviour: { kind: 'status', status: 429 },
			code: 'PROVIDER_RATE_LIMITED',
			retryAfterMs: null
		},
		{ name: '408', behaviour: { kind: 'status', status: 408 }, code: 'PROVIDER_TIMEOUT' },
		{ name: '524', behaviour: { kind: 'status', status: 524 }, code: 'PROVIDER_TIMEOUT' },
		{ name: '500', behaviour: { kind: '500' }, code: 'PROVIDER_UNAVAILABLE' },
		{ name: '502', behaviour: { kind: 'status', status: 502 }, code: 'PROVIDER_UNAVAILABLE' },
		{
			name: '503 + Retry-After',
			behaviour: { kind: 'status', status: 503, retryAfter: '7' },
			code: 'PROVIDER_UNAVAILABLE',
			retryAfterMs: 7000
		},
		{ name: '529', behaviour: { kind: 'status', status: 529 }, code: 'PROVIDER_UNAVAILABLE' },
		{ name: '400', behaviour: { kind: 'status', status: 400 }, code: 'PROVIDER_REJECTED_REQUEST' },
		{ name: '413', behaviour: { kind: 'status', status: 413 }, code: 'PROVIDER_REJECTED_REQUEST' },
		{ name: '422', behaviour: { kind: 'status', status: 422 }, code: 'PROVIDER_REJECTED_REQUEST' },
		{
			name: '400 content policy',
			behaviour: {
				kind: 'status',
				status: 400,
				body: openRouterTypedErrorBody(400, 'content_policy_violation')
			},
			code: 'CONTENT_BLOCKED'
		},
		{
			name: '502 with an HTML body',
			behaviour: { kind: 'status', status: 502, body: '<html>Bad gateway</html>' },
			code: 'PROVIDER_UNAVAILABLE'
		},
		{
			name: '200 with malformed JSON',
			behaviour: { kind: 'garbage' },
			code: 'PROVIDER_BAD_RESPONSE'
		},
		{ name: '200 with HTML', behaviour: { kind: 'html200' }, code: 'PROVIDER_BAD_RESPONSE' },
		{
			name: '200 with an in-band error',
			behaviour: {
				kind: 'status',
				status: 200,
				body: { error: { code: 502, message: 'Provider returned error' } }
			},
			code: 'PROVIDER_UNAVAILABLE'
		},
		{ name: '200 content_filter', behaviour: { kind: 'safety' }, code: 'CONTENT_BLOCKED' },
		{
			name: '200 with a truncated image',
			behaviour: { kind: 'truncated-image' },
			code: 'PROVIDER_BAD_RESPONSE'
		},
		{
			name: '200 with a non-data image URL',
			behaviour: { kind: 'url' },
			code: 'PROVIDER_BAD_RESPONSE'
		},
		{ name: 'a connection reset', behaviour: { kind: 'reset' }, code: 'PROVIDER_UNAVAILABLE' }
	];

	itMapsProviderErrors(errorCases, {
		fake: () => fake,
		sut: () => sut,
		request: () => makeRequest()
	});

	it('parses Retry-After given as an HTTP date when rate limited', async () => {
		fake.script({
			kind: 'status',
			status: 429,
			retryAfter: new Date(Date.now() + 60_000).toUTCString()
		});
		const error = await failure(sut.generate(makeRequest(), live()));
		expect(error.retryAfterMs).toBeGreaterThan(55_000);
		expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
	});

	it('throws NO_IMAGE_RETURNED with the model text trimmed to 200 chars when no image comes back', async () => {
		const text = `I would rather write. ${'x'.repeat(400)}`;
		fake.script({ kind: 'text-only', text });
		const error = await failure(sut.generate(makeRequest(), live()));
		expect(error.code).toBe('NO_IMAGE_RETURNED');
		expect(error.message).toContain('I would rather write.');
		expect(error.message).toContain(text.slice(0, 200));
		expect(error.message).not.toContain(text.slice(0, 201));
	});

	it('throws PROVIDER_TIMEOUT promptly when the deadline aborts a hanging call', async () => {
		fake.script({ kind: 'hang' });
		const started = Date.now();
		const error = await failure(sut.generate(makeRequest(), AbortSignal.timeout(100)));
		expect(error.code).toBe('PROVIDER_TIMEOUT');
		expect(Date.now() - started).toBeLessThan(10_000); // a hang never answers; loose for a loaded machine
	});

	it('throws PROVIDER_UNAVAILABLE when nothing listens at the base URL', async () => {
		const dead = createOpenRouterProvider({
			apiKey: FAKE_PROVIDER_KEY,
			baseUrl: 'http://127.0.0.1:9/api/v1'
		});
		expect((await failure(dead.generate(makeRequest(), live()))).code).toBe('PROVIDER_UNAVAILABLE');
	});

	it('never puts the key in the thrown error when the upstream echoes it', async () => {
		const key = 'sk-or-v1-SECRET-0123456789';
		const local = await startFakeProvider({ apiKey: key });
		try {
			const leaky = createOpenRouterProvider({ apiKey: key, baseUrl: local.baseUrl });
			const cases: FakeBehaviour[] = [
				{
					kind: 'status',
					status: 401,
					body: { error: { code: 401, message: `Invalid key ${key}` } }
				},
				{
					kind: 'status',
					status: 400,
					body: { error: { code: 400, message: `bad ${key}`, metadata: { raw: key } } }
				},
				{ kind: 'text-only', text: `Your key is ${key}` }
			];
			for (const behaviour of cases) {
				local.script(behaviour);
				const error = await failure(leaky.generate(makeRequest(), live()));
				const everything = `${JSON.stringify(error)} ${error.message} ${error.stack} ${String(error)}`;
				expect(everything).not.toContain(key);
				expect(error.message).toContain('[redacted]');
			}
		} finally {
			await local.close();
		}
	});

	it('throws PROVIDER_KEY_INVALID when the fake rejects a wrong key', async () => {
		const wrong = createOpenRouterProvider({ apiKey: 'not-the-key', baseUrl: fake.baseUrl });
		const error = await failure(wrong.generate(makeRequest(), live()));
		expect(error.code).toBe('PROVIDER_KEY_INVALID');
		expect(error.status).toBe(401);
	});
});
