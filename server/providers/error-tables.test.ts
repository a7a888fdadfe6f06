/**
 * Issue 12's wrong codes, against the fake provider over HTTP: each adapter's table maps billing,
 * moderation and "cannot serve this request" answers to final codes, so no retry calls (and
 * charges) again; the relay marks a provider out of funds for the operator; a shutdown abort is a
 * restart, not a timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRetryable, type ErrorCode } from '#shared/protocol';
import {
	FAKE_PROVIDER_KEY,
	startFakeProvider,
	type FakeBehaviour,
	type FakeProvider
} from '../testing/fake-provider';
import { expectProviderError, liveSignal, makeImageRequest } from '../testing/fake-provider-kit';
import { geminiErrorBody } from '../testing/fake-provider-gemini';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import type { ImageProvider } from './provider';
import { createGeminiProvider } from './gemini';
import { createOpenRouterProvider } from './openrouter';
import { createOpenRouterImagesProvider } from './openrouter-images';
import { createOpenAIImagesProvider } from './openai-images';
import { createArkProvider } from './ark';

const html = { 'content-type': 'text/html' };

describe('error tables per provider', () => {
	let fake: FakeProvider;
	let adapters: Record<string, ImageProvider>;
	beforeAll(async () => {
		fake = await startFakeProvider();
		const fetch = globalThis.fetch;
		adapters = {
			openrouter: createOpenRouterProvider({
				apiKey: FAKE_PROVIDER_KEY,
				baseUrl: fake.baseUrls.openrouter,
				fetch
			}),
			'openrouter-images': createOpenRouterImagesProvider({
				apiKey: FAKE_PROVIDER_KEY,
				baseUrl: fake.baseUrls.openrouter,
				fetch
			}),
			openai: createOpenAIImagesProvider({
				apiKey: FAKE_PROVIDER_KEY,
				baseUrl: fake.baseUrls.openai,
				fetch
			}),
			ark: createArkProvider({ apiKey: FAKE_PROVIDER_KEY, baseUrl: fake.baseUrls.ark, fetch }),
			gemini: createGeminiProvider({
				apiKey: FAKE_PROVIDER_KEY,
				baseUrl: fake.baseUrls.gemini,
				fetch
			})
		};
	});
	afterAll(() => fake.close());

	const codeOf = async (adapter: string, behaviour: FakeBehaviour): Promise<ErrorCode> => {
		fake.script(behaviour);
		return (
			await expectProviderError(
				adapters[adapter].generate(
					makeImageRequest({ upstreamModel: 'gemini-2.5-flash-image' }),
					liveSignal()
				)
			)
		).code;
	};

	for (const adapter of ['openrouter', 'openrouter-images', 'openai', 'ark', 'gemini']) {
		it(`${adapter}: 405 and 415 (JSON or HTML bodies) are a final PROVIDER_REJECTED_REQUEST, 402 a final PROVIDER_OUT_OF_FUNDS`, async () => {
			for (const status of [405, 415]) {
				expect(await codeOf(adapter, { kind: 'status', status })).toBe('PROVIDER_REJECTED_REQUEST');
				expect(
					await codeOf(adapter, {
						kind: 'status',
						status,
						body: '<html>Method Not Allowed</html>',
						headers: html
					})
				).toBe('PROVIDER_REJECTED_REQUEST');
			}
			expect(await codeOf(adapter, { kind: 'status', status: 402 })).toBe('PROVIDER_OUT_OF_FUNDS');
			expect(isRetryable('PROVIDER_REJECTED_REQUEST') || isRetryable('PROVIDER_OUT_OF_FUNDS')).toBe(
				false
			);
		});
	}

	it('gemini: FAILED_PRECONDITION asking to enable billing is PROVIDER_OUT_OF_FUNDS', async () => {
		const body = geminiErrorBody(
			400,
			'Gemini API free tier is not available in your country. Please enable billing on your project.'
		);
		(body as { error: { status: string } }).error.status = 'FAILED_PRECONDITION';
		expect(await codeOf('gemini', { kind: 'status', status: 400, body })).toBe(
			'PROVIDER_OUT_OF_FUNDS'
		);
	});

	it('openrouter-images: a moderation answer (reasons, flagged_input) is CONTENT_BLOCKED whatever the status', async () => {
		const moderation = (code: number) => ({
			error: {
				code,
				message: 'Input was flagged',
				metadata: {
					reasons: ['violence'],
					flagged_input: 'a…',
					provider_name: 'OpenAI',
					model_slug: 'x'
				}
			}
		});
		for (const status of [400, 403, 422])
			expect(
				await codeOf('openrouter-images', { kind: 'status', status, body: moderation(status) })
			).toBe('CONTENT_BLOCKED');
		const inBand = {
			error: {
				code: 'moderation_blocked',
				message: 'Your request was rejected by the safety system'
			}
		};
		expect(await codeOf('openrouter-images', { kind: 'status', status: 200, body: inBand })).toBe(
			'CONTENT_BLOCKED'
		);
	});
});

describe('the relay records provider failures for the operator', () => {
	let fake: FakeProvider;
	let relay: TestRelay;
	beforeAll(async () => {
		fake = await startFakeProvider();
		relay = await startTestRelay({
			DEMO_PROVIDER: 'off',
			GEMINI_API_KEY: FAKE_PROVIDER_KEY,
			GEMINI_BASE_URL: fake.baseUrls.gemini,
			RATE_LIMIT_PER_MINUTE: '1000'
		});
	});
	afterAll(async () => {
		await relay.close();
		await fake.close();
	});

	it('a Gemini 402 fails the generation final, refunds it and marks the provider out of funds', async () => {
		const { user, caller } = await relay.signUp();
		fake.script({
			kind: 'status',
			status: 402,
			body: geminiErrorBody(402, 'Billing account has no funds')
		});
		const id = '01900000-0000-7000-8000-0000000000a1';
		await caller.generate.submit({
			id,
			model: 'gemini/gemini-2.5-flash-image',
			prompt: 'p',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		const status = await relay.waitForGeneration(caller, id);
		expect(status.error).toMatchObject({ code: 'PROVIDER_OUT_OF_FUNDS', retryable: false });
		expect((await relay.user(user.id)).credits).toBe(user.credits);
		expect(relay.deps.providerHealth.problems().gemini?.code).toBe('PROVIDER_OUT_OF_FUNDS');
		expect(relay.logs.some((l) => l.includes('provider account problem'))).toBe(true);
	});

	it('a generation aborted by the relay shutting down is RELAY_RESTARTED (not a timeout) and refunded', async () => {
		const { user, caller } = await relay.signUp();
		fake.script({ kind: 'hang' });
		const id = '01900000-0000-7000-8000-0000000000a2';
		await caller.generate.submit({
			id,
			model: 'gemini/gemini-2.5-flash-image',
			prompt: 'p',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		for (let i = 0; i < 200 && fake.inFlight === 0; i++)
			await new Promise((r) => setTimeout(r, 10));
		// What runtime.shutdown does once its grace period is over: abort the work still running.
		await relay.deps.inFlight.drain(0);
		const status = await relay.waitForGeneration(caller, id);
		expect(status.error).toMatchObject({ code: 'RELAY_RESTARTED', retryable: true });
		expect((await relay.user(user.id)).credits).toBe(user.credits);
	});
});
