/**
 * Downloads an image a provider answered with as a URL, without becoming an SSRF hole: https only,
 * the provider's own hosts only, every resolved address public (checked at connect time, so DNS
 * rebinding cannot slip through), redirects re-checked hop by hop, size cap and timeout.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { ProviderError } from './provider';
import type { Socket } from 'node:net';
import { abortedError } from './provider-errors';
import { socketsClosed } from './upstream-fetch';
import { isIpLiteral, isPublicAddress } from './ip-address';

/** Resolves a hostname to all its addresses (injectable for tests). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface SafeFetchOptions {
	/** Hosts the provider serves images from: exact (`a.example.com`) or `*.example.com` (subdomains). */
	allowedHosts: readonly string[];
	/** Default 32 MiB. */
	maxBytes?: number;
	/** Whole download, redirects included; default 30 s. */
	timeoutMs?: number;
	/** Default 3. */
	maxRedirects?: number;
	resolve?: Resolver;
	/**
	 * Exact `host:port` origins that may be fetched over plain http from loopback — ONLY for the
	 * fake provider in tests. Never set from configuration.
	 */
	allowInsecureForTests?: readonly string[];
}

/** A downloaded body and its declared type (the caller still checks the bytes). */
export interface SafeFetchResult {
	bytes: Uint8Array;
	contentType: string | null;
}

class RefusedError extends Error {}

const defaultResolve: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** True when `hostname` is allowed by one of the `patterns` (exact or `*.` suffix, case-insensitive). */
export function hostAllowed(hostname: string, patterns: readonly string[]): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	return patterns.some((raw) => {
		const pattern = raw.toLowerCase();
		return pattern.startsWith('*.')
			? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
			: host === pattern;
	});
}

/**
 * Fetches `url` under the rules in the file header.
 * @throws ProviderError PROVIDER_IMAGE_REFUSED (final) for a refused URL, address, redirect chain or size;
 * PROVIDER_BAD_RESPONSE for a non-2xx status;
 * PROVIDER_TIMEOUT on timeout or abort; PROVIDER_UNAVAILABLE on a network error.
 */
export async function safeFetch(
	url: string,
	options: SafeFetchOptions & { signal: AbortSignal; label: string }
): Promise<SafeFetchResult> {
	const { signal, label } = options;
	const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
	const combined = AbortSignal.any([signal, timeout]);
	const fail = (code: ProviderError['code'], why: string) =>
		new ProviderError({ code, message: `${label}: image download ${why}` });
	// An aborted download holds its provider slot until its sockets have closed ([Note: A call ends when its socket closes]).
	const sockets = new Set<Socket>();
	const aborted = async () => {
		await socketsClosed(sockets);
		return abortedError(signal, label);
	};
	let current = url;
	for (let hop = 0; ; hop++) {
		let target: URL;
		try {
			target = checkUrl(current, options);
		} catch (error) {
			throw fail('PROVIDER_IMAGE_REFUSED', `refused: ${(error as Error).message}`);
		}
		let response: IncomingMessage;
		try {
			response = await get(target, options, combined, sockets);
		} catch (error) {
			if (signal.aborted) throw await aborted();
			if (timeout.aborted)
				throw (await socketsClosed(sockets), fail('PROVIDER_TIMEOUT', 'timed out'));
			if (error instanceof RefusedError)
				throw fail('PROVIDER_IMAGE_REFUSED', `refused: ${error.message}`);
			throw fail(
				'PROVIDER_UNAVAILABLE',
				`failed (${(error as NodeJS.ErrnoException).code ?? 'network error'})`
			);
		}
		const status = response.statusCode ?? 0;
		if (status >= 300 && status < 400 && response.headers.location) {
			response.resume();
			if (hop >= (options.maxRedirects ?? 3))
				throw fail('PROVIDER_IMAGE_REFUSED', 'redirected too many times');
			current = new URL(response.headers.location, target).href;
			continue;
		}
		if (status < 200 || status > 299) {
			response.resume();
			throw fail('PROVIDER_BAD_RESPONSE', `answered HTTP ${status}`);
		}
		try {
			const bytes = await readCapped(response, options.maxBytes ?? 32 * 1024 * 1024);
			return { bytes, contentType: response.headers['content-type'] ?? null };
		} catch (error) {
			if (signal.aborted) throw await aborted();
			if (timeout.aborted)
				throw (await socketsClosed(sockets), fail('PROVIDER_TIMEOUT', 'timed out'));
			if (error instanceof RefusedError) throw fail('PROVIDER_IMAGE_REFUSED', error.message);
			throw fail('PROVIDER_UNAVAILABLE', 'was cut off');
		}
	}
}

function isTestOrigin(url: URL, options: SafeFetchOptions): boolean {
	return url.protocol === 'http:' && (options.allowInsecureForTests ?? []).includes(url.host);
}

/** Parses and checks one hop's URL; throws with a short reason (no query string: it may be signed). */
function checkUrl(raw: string, options: SafeFetchOptions): URL {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new Error('not a URL');
	}
	if (isTestOrigin(url, options)) return url;
	if (url.protocol !== 'https:') throw new Error(`${url.protocol} is not https`);
	if (url.username || url.password) throw new Error('credentials in the URL');
	if (!hostAllowed(url.hostname, options.allowedHosts))
		throw new Error(`host ${url.hostname} is not the provider's`);
	if (isIpLiteral(url.hostname) && !isPublicAddress(url.hostname))
		throw new Error(`address ${url.hostname} is not public`);
	return url;
}

/** A connect-time lookup that refuses any non-public address (all of them must be public). */
export function guardedLookup(resolve: Resolver): LookupFunction {
	return (hostname, lookupOptions, callback) => {
		resolve(hostname).then(
			(addresses) => {
				const bad = addresses.find((a) => !isPublicAddress(a.address));
				if (addresses.length === 0)
					return callback(new RefusedError(`${hostname} has no address`), '', 0);
				if (bad)
					return callback(
						new RefusedError(`${hostname} resolves to non-public ${bad.address}`),
						'',
						0
					);
				if (lookupOptions.all)
					return (callback as (e: null, a: typeof addresses) => void)(null, addresses);
				callback(null, addresses[0].address, addresses[0].family);
			},
			(error: NodeJS.ErrnoException) => callback(error, '', 0)
		);
	};
}

function get(
	url: URL,
	options: SafeFetchOptions,
	signal: AbortSignal,
	sockets: Set<Socket>
): Promise<IncomingMessage> {
	const test = isTestOrigin(url, options);
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = send(url, {
			method: 'GET',
			signal,
			headers: { accept: 'image/*' },
			...(test ? {} : { lookup: guardedLookup(options.resolve ?? defaultResolve) })
		});
		req.once('socket', (socket) => sockets.add(socket));
		req.once('response', resolve);
		req.once('error', reject);
		req.end();
	});
}

function readCapped(response: IncomingMessage, max: number): Promise<Uint8Array> {
	const declared = Number(response.headers['content-length']);
	if (declared > max) {
		response.destroy();
		return Promise.reject(new RefusedError(`is larger than ${max} bytes`));
	}
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let total = 0;
		response.on('data', (chunk: Buffer) => {
			total += chunk.length;
			if (total > max) {
				reject(new RefusedError(`is larger than ${max} bytes`));
				response.destroy();
				return;
			}
			chunks.push(chunk);
		});
		response.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		response.once('error', reject);
		response.once('aborted', () => reject(new Error('aborted')));
	});
}
