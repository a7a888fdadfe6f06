import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER } from '#shared/protocol';
import type { AppRouter } from './trpc/router';
import { startTestRelay, type TestRelay } from './testing/test-relay';
import { startFakeProvider } from './testing/fake-provider';
import { httpClient } from './testing/http-client';

const KEY = 'sk-or-v1-RECOGNISABLE-test-key-0123456789';

describe('relay over HTTP with an OpenRouter model (fake provider)', () => {
	let relay: TestRelay;
	let fake: Awaited<ReturnType<typeof startFakeProvider>>;
	let url: string;
	beforeAll(async () => {
		fake = await startFakeProvider({ apiKey: KEY });
		relay = await startTestRelay({
			OPENROUTER_API_KEY: KEY,
			OPENROUTER_BASE_URL: fake.baseUrls.openrouter,
			DEMO_PROVIDER: 'on'
		});
		url = await relay.listen();
	});
	afterAll(async () => {
		await relay.close();
		await fake.close();
	});

	it('answers health and readiness probes', async () => {
		expect((await fetch(`${url}/healthz`)).status).toBe(200);
		const ready = await fetch(`${url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({ ok: true });
	});

	it('refuses tRPC calls without the client header (CSRF) and from a foreign origin', async () => {
		const plain = await fetch(`${url}/trpc/auth.me`);
		expect(plain.status).toBe(403);
		const foreign = await fetch(`${url}/trpc/auth.me`, {
			headers: { [CLIENT_HEADER]: '1', origin: 'https://evil.example' }
		});
		expect(foreign.status).toBe(403);
	});

	it('sets an httpOnly SameSite session cookie that signs later calls in', async () => {
		const res = await fetch(`${url}/trpc/auth.register`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
			body: JSON.stringify({ email: 'cookie@example.test', password: 'long password' })
		});
		expect(res.status).toBe(200);
		const cookie = res.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/);
		const me = await fetch(`${url}/trpc/auth.me`, {
			headers: { [CLIENT_HEADER]: '1', cookie: cookie.split(';')[0] }
		});
		expect(JSON.stringify(await me.json())).toContain('cookie@example.test');
	});

	it('generates through OpenRouter, serves the image only to its owner, and never leaks the key', async () => {
		const owner = httpClient(url);
		const me = await owner.client.auth.register.mutate({
			email: 'owner@example.test',
			password: 'long password'
		});
		const models = await owner.client.generate.models.query();
		expect(models.map((m) => m.id)).toContain('google/gemini-2.5-flash-image');
		expect(JSON.stringify(models)).not.toContain('upstreamId');
		const id = uuidv7();
		const submitted = await owner.client.generate.submit.mutate({
			id,
			model: 'google/gemini-2.5-flash-image',
			prompt: 'a banana',
			params: { aspectRatio: '16:9' },
			sourceHashes: []
		});
		expect(submitted.balance).toBe(me.credits - 4);
		let status = submitted;
		while (status.status === 'running') {
			await new Promise((r) => setTimeout(r, 20));
			status = await owner.client.generate.status.query({ id });
		}
		expect(status.status).toBe('done');
		const call = fake.calls.find((c) => c.path.endsWith('/chat/completions'));
		expect(call?.headers.authorization).toBe(`Bearer ${KEY}`);

		const blobUrl = `${url}/blob/${status.images[0].thumbSha256}`;
		const ownerGet = await fetch(blobUrl, { headers: { cookie: owner.cookie() } });
		expect(ownerGet.status).toBe(200);
		expect(ownerGet.headers.get('content-type')).toBe('image/webp');
		expect(ownerGet.headers.get('cache-control')).toContain('immutable');
		const stranger = httpClient(url);
		await stranger.client.auth.register.mutate({
			email: 'stranger@example.test',
			password: 'long password'
		});
		expect((await fetch(blobUrl, { headers: { cookie: stranger.cookie() } })).status).toBe(404);
		expect((await fetch(blobUrl)).status).toBe(401);

		expect(relay.logs.join('\n')).not.toContain(KEY);
	});

	it('refunds, with the provider error mapped, when OpenRouter rate-limits', async () => {
		const user = httpClient(url);
		const me = await user.client.auth.register.mutate({
			email: 'limited@example.test',
			password: 'long password'
		});
		fake.script({ kind: 'status', status: 429, retryAfter: '7' });
		const id = uuidv7();
		await user.client.generate.submit.mutate({
			id,
			model: 'google/gemini-2.5-flash-image',
			prompt: 'a banana',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		let status = await user.client.generate.status.query({ id });
		while (status.status === 'running') {
			await new Promise((r) => setTimeout(r, 20));
			status = await user.client.generate.status.query({ id });
		}
		expect(status.error).toMatchObject({
			code: 'PROVIDER_RATE_LIMITED',
			retryable: true,
			retryAfterMs: 7000
		});
		expect((await user.client.auth.me.query())?.credits).toBe(me.credits);
		expect(JSON.stringify(status)).not.toContain(KEY);
		expect(relay.logs.join('\n')).not.toContain(KEY);
	});

	it('tells the operator on /readyz and in the log when the provider rejects the key', async () => {
		const user = httpClient(url);
		const me = await user.client.auth.register.mutate({
			email: 'keyless@example.test',
			password: 'long password'
		});
		fake.script({ kind: 'status', status: 401 });
		const id = uuidv7();
		await user.client.generate.submit.mutate({
			id,
			model: 'google/gemini-2.5-flash-image',
			prompt: 'a banana',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		let status = await user.client.generate.status.query({ id });
		while (status.status === 'running') {
			await new Promise((r) => setTimeout(r, 20));
			status = await user.client.generate.status.query({ id });
		}
		expect(status.error).toMatchObject({ code: 'PROVIDER_KEY_INVALID', retryable: false });
		expect((await user.client.auth.me.query())?.credits).toBe(me.credits);
		const ready = await (await fetch(`${url}/readyz`)).json();
		expect(ready.providerProblems).toMatchObject({ openrouter: { code: 'PROVIDER_KEY_INVALID' } });
		expect(relay.logs.join('\n')).toMatch(/operator must fix the provider key/);
		expect(relay.logs.join('\n')).not.toContain(KEY);
		expect(JSON.stringify(ready)).not.toContain(KEY);
	});

	it('gives a typed 402 error when credits run out', async () => {
		const user = httpClient(url);
		await user.client.auth.register.mutate({
			email: 'poor@example.test',
			password: 'long password'
		});
		const submitPro = () =>
			user.client.generate.submit.mutate({
				id: uuidv7(),
				model: 'google/gemini-3-pro-image-preview',
				prompt: 'x',
				params: { aspectRatio: '1:1' },
				sourceHashes: []
			});
		let error: unknown;
		for (let i = 0; i < 20 && !error; i++) await submitPro().catch((e: unknown) => (error = e));
		expect(error).toBeInstanceOf(TRPCClientError);
		expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
			httpStatus: 402,
			errorCode: 'INSUFFICIENT_CREDITS'
		});
	});
});
