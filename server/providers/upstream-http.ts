/**
 * The transport of provider API calls: node:http(s) with keep-alive, because a provider slot must
 * stay held until the provider has seen an aborted call's connection close ([Note: A call ends
 * when its socket closes] in upstream-fetch.ts). fetch cannot do that: it destroys the socket and
 * rejects at once. Here an abort half-closes the connection (our FIN; the provider sees EOF and
 * drops the request) and waits for the provider to close its side, then rejects — at most
 * {@link CLOSE_WAIT_MS}, after which the socket is destroyed.
 */
import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

/** Longest an aborted call waits for the provider to close the connection. */
export const CLOSE_WAIT_MS = 5_000;

export class UpstreamNetworkError extends Error {
	constructor(readonly code: string) {
		super(code);
		this.name = 'UpstreamNetworkError';
	}
}

export class UpstreamTooLargeError extends Error {}

export interface HttpAnswer {
	status: number;
	headers: Headers;
	body: Buffer;
}

/**
 * Sends `init` (any body fetch accepts: it is serialised by a Request, multipart included) and
 * reads the whole answer up to `maxBytes`.
 * @throws the signal's reason on abort (after the close), UpstreamNetworkError, UpstreamTooLargeError.
 */
export async function sendOverHttp(
	url: string,
	init: RequestInit,
	signal: AbortSignal,
	maxBytes: number
): Promise<HttpAnswer> {
	const prepared = new Request(url, {
		method: init.method,
		headers: init.headers,
		body: init.body
	});
	const body = prepared.body ? Buffer.from(await prepared.arrayBuffer()) : null;
	const headers: Record<string, string> = {};
	prepared.headers.forEach((value, name) => (headers[name] = value));
	if (body) headers['content-length'] = String(body.byteLength);
	if (signal.aborted) throw signal.reason;

	const target = new URL(url);
	const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise<HttpAnswer>((resolve, reject) => {
		let settled = false;
		const req: ClientRequest = send(target, { method: prepared.method, headers });
		const finish = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			outcome();
		};
		const onAbort = () => {
			if (settled) return;
			settled = true;
			// closeGracefully never rejects: it resolves once the socket is closed or its guard fires.
			const reason: unknown = signal.reason;
			void closeGracefully(req).then(() =>
				reject(reason instanceof Error ? reason : new Error(String(reason)))
			);
		};
		signal.addEventListener('abort', onAbort, { once: true });
		req.once('error', (error: NodeJS.ErrnoException) =>
			finish(() => reject(new UpstreamNetworkError(error.code ?? error.message)))
		);
		req.once('response', (response: IncomingMessage) => {
			const declared = Number(response.headers['content-length']);
			if (declared > maxBytes)
				return finish(() => (req.destroy(), reject(new UpstreamTooLargeError())));
			const chunks: Buffer[] = [];
			let total = 0;
			response.on('data', (chunk: Buffer) => {
				total += chunk.length;
				if (total > maxBytes)
					return finish(() => (req.destroy(), reject(new UpstreamTooLargeError())));
				chunks.push(chunk);
			});
			response.once('end', () =>
				finish(() =>
					resolve({
						status: response.statusCode ?? 0,
						headers: toHeaders(response),
						body: Buffer.concat(chunks)
					})
				)
			);
			response.once('error', (error: NodeJS.ErrnoException) =>
				finish(() => reject(new UpstreamNetworkError(error.code ?? 'ECONNRESET')))
			);
			response.once('aborted', () => finish(() => reject(new UpstreamNetworkError('ECONNRESET'))));
		});
		req.end(body ?? undefined);
	});
}

/** Half-closes the call's connection and resolves once the provider has closed its side too (or the guard ran out). */
function closeGracefully(req: ClientRequest): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(guard);
			resolve();
		};
		const guard = setTimeout(() => {
			req.destroy();
			done();
		}, CLOSE_WAIT_MS);
		req.on('error', () => undefined); // the reset that may follow is expected
		const socket: Socket | null = req.socket;
		if (!socket || socket.connecting || socket.closed) {
			// Nothing reached the provider yet (or the connection is gone already).
			req.destroy();
			return done();
		}
		socket.once('close', done);
		socket.resume(); // keep reading until the provider's FIN
		socket.end();
	});
}

function toHeaders(response: IncomingMessage): Headers {
	const headers = new Headers();
	for (const [name, value] of Object.entries(response.headers)) {
		if (Array.isArray(value)) for (const v of value) headers.append(name, v);
		else if (value !== undefined) headers.set(name, value);
	}
	return headers;
}
