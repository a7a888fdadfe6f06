import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_PROVIDER_KEY, startFakeProvider, type FakeProvider } from './fake-provider';

describe('startFakeProvider', () => {
	let sut: FakeProvider;
	const post = (path: string, body: unknown = {}, key = FAKE_PROVIDER_KEY) =>
		fetch(`${sut.url}${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});

	beforeAll(async () => {
		sut = await startFakeProvider();
	});
	afterAll(() => sut.close());
	beforeEach(() => {
		sut.calls.length = 0;
	});

	it('records each call with path, headers and parsed JSON body', async () => {
		await post('/api/v1/chat/completions', { model: 'm' });
		expect(sut.calls).toHaveLength(1);
		expect(sut.calls[0]).toMatchObject({
			method: 'POST',
			path: '/api/v1/chat/completions',
			body: { model: 'm' }
		});
		expect(sut.calls[0].headers.authorization).toBe(`Bearer ${FAKE_PROVIDER_KEY}`);
	});

	it('answers 401 in OpenRouter shape when the key is wrong', async () => {
		const response = await post('/api/v1/chat/completions', {}, 'wrong');
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({
			error: { code: 401, message: 'Missing Authentication header' }
		});
	});

	it('plays scripted behaviours in order and falls back to an image', async () => {
		sut.script([{ kind: 'status', status: 429, retryAfter: '3' }, { kind: '500' }]);
		const first = await post('/api/v1/chat/completions');
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('3');
		expect((await post('/api/v1/chat/completions')).status).toBe(500);
		const third = (await (await post('/api/v1/chat/completions')).json()) as {
			choices: { message: { images: unknown[] } }[];
		};
		expect(third.choices[0].message.images).toHaveLength(1);
	});

	it('counts concurrent requests in maxInFlight when calls overlap', async () => {
		// Held open until aborted, so the overlap does not depend on how fast the machine is.
		sut.script([{ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' }]);
		const controller = new AbortController();
		const held = Array.from({ length: 3 }, () =>
			fetch(`${sut.url}/api/v1/images`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${FAKE_PROVIDER_KEY}`,
					'content-type': 'application/json'
				},
				body: '{}',
				signal: controller.signal
			}).catch(() => undefined)
		);
		await expect.poll(() => sut.inFlight, { timeout: 10_000 }).toBe(3);
		expect(sut.maxInFlight).toBeGreaterThanOrEqual(3);
		controller.abort();
		await Promise.all(held);
		await expect.poll(() => sut.inFlight).toBe(0);
	});

	it('answers 404 when no dialect serves the path', async () => {
		expect((await post('/nowhere')).status).toBe(404);
	});
});
