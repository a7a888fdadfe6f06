/**
 * What the relay refuses at the door, over real HTTP (RELIABILITY §7.5, issue 12): bodies over the
 * ceiling (stricter before sign-in) answered 413 without reading the rest, absurd nesting, batches
 * over the cap, oversized headers and clients too slow to send their headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { CLIENT_HEADER } from '#shared/protocol';
import { createRelay, MAX_BATCH_SIZE, type Relay } from '../app';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import { httpClient } from '../testing/http-client';
import { ANONYMOUS_BODY_LIMIT, SIGNED_IN_BODY_LIMIT } from './body-limit';

interface Answer {
	status: number;
	body: string;
	/** Body bytes the client had written when the answer arrived. */
	sent: number;
	connectionClose: boolean;
}

/**
 * POSTs `total` bytes of a JSON-ish body in 64 KiB chunks (chunked unless `declare`), resolving as
 * soon as an answer arrives; stops writing then, like a client that listens.
 */
function post(
	url: string,
	path: string,
	total: number,
	headers: Record<string, string> = {},
	declare = false
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		let sent = 0;
		let answered = false;
		const req = httpRequest(`${url}${path}`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				[CLIENT_HEADER]: '1',
				...headers,
				...(declare ? { 'content-length': String(total) } : {})
			}
		});
		req.on('response', (res) => {
			answered = true;
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					body: Buffer.concat(chunks).toString('utf8'),
					sent,
					connectionClose: res.headers.connection === 'close'
				})
			);
			res.on('error', () => undefined);
		});
		req.on('error', (error) => {
			if (!answered) reject(error);
		});
		const chunk = Buffer.alloc(64 * 1024, 'a');
		const pump = () => {
			while (sent < total) {
				if (answered || req.destroyed) return;
				const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
				sent += part.length;
				if (!req.write(part)) return void req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

function postJson(
	url: string,
	path: string,
	body: string,
	headers: Record<string, string> = {}
): Promise<{ status: number; text: string }> {
	return fetch(`${url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1', ...headers },
		body
	}).then(async (r) => ({
		status: r.status,
		text: await r.text()
	}));
}

describe('the relay edge', () => {
	let relay: TestRelay;
	let url: string;
	let cookie: string;
	beforeAll(async () => {
		relay = await startTestRelay();
		url = await relay.listen();
		const user = httpClient(url);
		await user.client.auth.register.mutate({
			email: 'edge@example.test',
			password: 'correct horse battery'
		});
		cookie = user.cookie();
	});
	afterAll(() => relay.close());

	it('refuses a 200 MB anonymous body with 413 after reading at most a little past 64 KiB, and closes the connection', async () => {
		const rssBefore = process.memoryUsage().rss;
		const answer = await post(url, '/trpc/auth.signIn', 200 * 1024 * 1024);
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body).error.data).toMatchObject({
			httpStatus: 413,
			errorCode: 'BAD_INPUT',
			retryable: false
		});
		expect(answer.connectionClose).toBe(true);
		// The client stops writing once answered; kernel buffers let a few MB through at most.
		expect(answer.sent).toBeLessThan(16 * 1024 * 1024);
		expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
	});

	it('refuses a declared oversized body before reading any of it', async () => {
		const answer = await post(url, '/trpc/auth.signIn', 200 * 1024 * 1024, {}, true);
		expect(answer.status).toBe(413);
		expect(answer.sent).toBeLessThan(16 * 1024 * 1024);
	});

	it('lets a signed-in caller send more than the anonymous ceiling, up to its own', async () => {
		const big = JSON.stringify({ 0: { json: { name: 'x'.repeat(ANONYMOUS_BODY_LIMIT * 2) } } });
		const anonymous = await postJson(url, '/trpc/auth.signIn?batch=1', big);
		expect(anonymous.status).toBe(413);
		// Past the ceiling, the schema answers (400), not the door.
		const signedIn = await postJson(url, '/trpc/auth.signIn?batch=1', big, { cookie });
		expect(signedIn.status).toBe(400);
		const tooBig = await post(url, '/trpc/auth.signIn', SIGNED_IN_BODY_LIMIT + 1024 * 1024, {
			cookie
		});
		expect(tooBig.status).toBe(413);
	});

	it('refuses JSON nested deeper than the cap with a typed 400, in a body or a GET input', async () => {
		const deep = '['.repeat(5_000) + ']'.repeat(5_000);
		const answer = await postJson(url, '/trpc/auth.signIn', deep);
		expect(answer.status).toBe(400);
		expect(JSON.parse(answer.text).error.data.errorCode).toBe('BAD_INPUT');
		const get = await fetch(
			`${url}/trpc/auth.me?input=${encodeURIComponent('['.repeat(100) + ']'.repeat(100))}`,
			{ headers: { [CLIENT_HEADER]: '1' } }
		);
		expect(get.status).toBe(400);
	});

	it(`refuses a batch of more than ${MAX_BATCH_SIZE} calls`, async () => {
		const paths = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => 'auth.me').join(',');
		const answer = await fetch(`${url}/trpc/${paths}?batch=1&input=%7B%7D`, {
			headers: { [CLIENT_HEADER]: '1', cookie }
		});
		expect(answer.status).toBe(400);
	});

	it('answers 431 to headers larger than 16 KiB', async () => {
		const answer = await fetch(`${url}/trpc/auth.me`, {
			headers: { [CLIENT_HEADER]: '1', 'x-padding': 'a'.repeat(20 * 1024) }
		});
		expect(answer.status).toBe(431);
	});

	it('cuts off a client that never finishes its headers (slow loris)', async () => {
		const strict: Relay = createRelay(relay.deps, {
			headersTimeoutMs: 300,
			requestTimeoutMs: 600,
			checkIntervalMs: 100
		});
		const strictUrl = new URL(await strict.listen(0, '127.0.0.1'));
		try {
			const outcome = await new Promise<string>((resolve) => {
				const socket = connect(Number(strictUrl.port), strictUrl.hostname, () =>
					socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')
				);
				let text = '';
				socket.on('data', (d) => (text += String(d)));
				socket.on('close', () => resolve(text.split('\r\n')[0] || 'closed'));
				setTimeout(() => resolve('still open'), 3_000);
			});
			expect(outcome).toMatch(/408|closed/);
		} finally {
			await strict.close();
		}
	});
});
