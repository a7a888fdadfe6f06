import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeProvider, type FakeProvider } from '../testing/fake-provider';
import { tinyPng } from '../testing/fake-provider-shared';
import { expectProviderError, liveSignal } from '../testing/fake-provider-kit';
import { isPublicAddress } from './ip-address';
import {
	guardedLookup,
	hostAllowed,
	safeFetch,
	type Resolver,
	type SafeFetchOptions
} from './safe-fetch';

describe('isPublicAddress', () => {
	const notPublic = [
		'127.0.0.1',
		'127.1.2.3',
		'0.0.0.0',
		'10.0.0.1',
		'172.16.5.4',
		'172.31.255.255',
		'192.168.1.1',
		'169.254.169.254',
		'100.64.0.1',
		'224.0.0.1',
		'255.255.255.255',
		'198.18.0.1',
		'::',
		'::1',
		'[::1]',
		'::ffff:127.0.0.1',
		'::ffff:7f00:1',
		'[::ffff:7f00:1]',
		'0:0:0:0:0:ffff:7f00:1',
		'::ffff:10.1.2.3',
		'::ffff:169.254.169.254',
		'::127.0.0.1',
		'64:ff9b::a9fe:a9fe',
		'2002:7f00:1::',
		'2001::1',
		'fe80::1',
		'fe80::1%eth0',
		'fc00::1',
		'fd12:3456::1',
		'ff02::1',
		'2001:db8::1',
		'localhost',
		'not-an-ip',
		'',
		'1.2.3',
		'999.1.1.1'
	];
	const publicOnes = [
		'8.8.8.8',
		'1.1.1.1',
		'172.32.0.1',
		'100.128.0.1',
		'2606:4700:4700::1111',
		'::ffff:8.8.8.8',
		'2002:808:808::'
	];

	for (const address of notPublic) {
		it(`refuses ${address || '(empty)'} when asked if it is public`, () =>
			expect(isPublicAddress(address)).toBe(false));
	}
	for (const address of publicOnes) {
		it(`accepts ${address} when asked if it is public`, () =>
			expect(isPublicAddress(address)).toBe(true));
	}
});

describe('hostAllowed', () => {
	it('matches exact hosts and subdomains of wildcards only when listed', () => {
		expect(hostAllowed('cdn.volces.com', ['*.volces.com'])).toBe(true);
		expect(hostAllowed('A.B.VOLCES.COM.', ['*.volces.com'])).toBe(true);
		expect(hostAllowed('volces.com', ['*.volces.com'])).toBe(false);
		expect(hostAllowed('evilvolces.com', ['*.volces.com'])).toBe(false);
		expect(hostAllowed('volces.com.evil.net', ['*.volces.com'])).toBe(false);
		expect(hostAllowed('api.openai.com', ['api.openai.com'])).toBe(true);
	});
});

describe('guardedLookup', () => {
	const lookup = (resolve: Resolver, all: boolean) =>
		new Promise<{ error: Error | null; result: unknown; family?: number }>((done) =>
			guardedLookup(resolve)(
				'cdn.example',
				{ all },
				(error: Error | null, result: unknown, family?: number) => done({ error, result, family })
			)
		);
	const publicPair: Resolver = async () => [
		{ address: '93.184.216.34', family: 4 },
		{ address: '2606:2800:220:1::1', family: 6 }
	];

	it('hands every address to the connection when all are public and all are wanted', async () => {
		const { error, result } = await lookup(publicPair, true);
		expect(error).toBeNull();
		expect(result).toEqual([
			{ address: '93.184.216.34', family: 4 },
			{ address: '2606:2800:220:1::1', family: 6 }
		]);
	});

	it('hands the first address and its family when one is wanted', async () => {
		expect(await lookup(publicPair, false)).toEqual({
			error: null,
			result: '93.184.216.34',
			family: 4
		});
	});

	it('fails the connection when the name has no address', async () => {
		expect((await lookup(async () => [], true)).error?.message).toMatch(/has no address/);
	});
});

describe('safeFetch', () => {
	let fake: FakeProvider;
	let silent: Server;
	let silentHost: string;
	const neverResolve: Resolver = () => Promise.reject(new Error('the resolver must not be called'));

	beforeAll(async () => {
		fake = await startFakeProvider();
		silent = createServer(() => undefined); // Accepts and never answers.
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		silentHost = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await fake.close();
		silent.closeAllConnections();
		await new Promise((resolve) => silent.close(resolve));
	});

	const options = (extra: Partial<SafeFetchOptions & { signal: AbortSignal }> = {}) => ({
		allowedHosts: ['images.provider.test', '*.cdn.provider.test'],
		allowInsecureForTests: [fake.host],
		resolve: neverResolve,
		signal: liveSignal(),
		label: 'Test',
		...extra
	});
	const redirectTo = (location: string) =>
		`${fake.url}/redirect?to=${encodeURIComponent(location)}`;

	it('downloads the bytes when the URL is the test origin', async () => {
		const result = await safeFetch(`${fake.url}/files/tiny.png`, options());
		expect(Buffer.from(result.bytes).equals(Buffer.from(tinyPng()))).toBe(true);
		expect(result.contentType).toBe('image/png');
	});

	it('follows a redirect when the target is allowed', async () => {
		const result = await safeFetch(redirectTo(`${fake.url}/files/tiny.png`), options());
		expect(result.bytes.length).toBe(tinyPng().length);
	});

	const refusedUrls = [
		['plain http', 'http://images.provider.test/a.png', /not https/],
		['a host that is not the provider', 'https://evil.example/a.png', /not the provider's/],
		['the bare wildcard domain', 'https://cdn.provider.test/a.png', /not the provider's/],
		['credentials in the URL', 'https://user:pw@images.provider.test/a.png', /credentials/],
		['a non-URL', 'not a url', /not a URL/],
		['a file URL', 'file:///etc/passwd', /not https/]
	] as const;
	for (const [what, url, reason] of refusedUrls) {
		it(`refuses ${what} with PROVIDER_IMAGE_REFUSED (final: a retry would call the provider again)`, async () => {
			const error = await expectProviderError(safeFetch(url, options()));
			expect(error.code).toBe('PROVIDER_IMAGE_REFUSED');
			expect(error.message).toMatch(reason);
		});
	}

	for (const url of [
		'https://127.0.0.1/a.png',
		'https://2130706433/a.png',
		'https://0x7f.1/a.png',
		'https://017700000001/',
		'https://[::ffff:127.0.0.1]/',
		'https://169.254.169.254/'
	]) {
		it(`refuses the loopback or link-local literal ${url} even when the host is listed`, async () => {
			const listed = ['127.0.0.1', '[::ffff:7f00:1]', '169.254.169.254'];
			const error = await expectProviderError(safeFetch(url, options({ allowedHosts: listed })));
			expect(error.message).toMatch(/is not public/);
		});
	}

	it('refuses an allowed host when DNS resolves it to a private address', async () => {
		const resolve: Resolver = async () => [{ address: '10.0.0.7', family: 4 }];
		const error = await expectProviderError(
			safeFetch('https://images.provider.test/a.png', options({ resolve }))
		);
		expect(error.message).toMatch(/resolves to non-public 10\.0\.0\.7/);
	});

	it('refuses when any resolved address is private, in IPv4-mapped IPv6 spelling', async () => {
		const resolve: Resolver = async () => [
			{ address: '8.8.8.8', family: 4 },
			{ address: '::ffff:127.0.0.1', family: 6 }
		];
		const error = await expectProviderError(
			safeFetch('https://a.cdn.provider.test/a.png', options({ resolve }))
		);
		expect(error.message).toMatch(/non-public ::ffff:127\.0\.0\.1/);
	});

	it('refuses a redirect to loopback in IPv4-mapped IPv6 spelling', async () => {
		const port = new URL(fake.url).port;
		const error = await expectProviderError(
			safeFetch(redirectTo(`http://[::ffff:127.0.0.1]:${port}/files/tiny.png`), options())
		);
		expect(error.code).toBe('PROVIDER_IMAGE_REFUSED');
	});

	it('refuses a redirect to an allowed host that resolves to loopback', async () => {
		const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
		const error = await expectProviderError(
			safeFetch(redirectTo('https://images.provider.test/x.png'), options({ resolve }))
		);
		expect(error.message).toMatch(/non-public 127\.0\.0\.1/);
	});

	it('stops after too many redirects', async () => {
		let url = `${fake.url}/files/tiny.png`;
		for (let i = 0; i < 5; i++) url = redirectTo(url);
		expect((await expectProviderError(safeFetch(url, options()))).message).toMatch(/too many/);
	});

	it('refuses a body larger than the cap', async () => {
		const error = await expectProviderError(
			safeFetch(`${fake.url}/files/tiny.png`, options({ maxBytes: 10 }))
		);
		expect(error.message).toMatch(/larger than 10 bytes/);
	});

	it('throws PROVIDER_BAD_RESPONSE when the URL answers 404', async () => {
		const error = await expectProviderError(safeFetch(`${fake.url}/nothing-here`, options()));
		expect(error.message).toMatch(/HTTP 404/);
	});

	it('throws PROVIDER_TIMEOUT when the server never answers within timeoutMs', async () => {
		const error = await expectProviderError(
			safeFetch(
				`http://${silentHost}/a.png`,
				options({ allowInsecureForTests: [silentHost], timeoutMs: 100 })
			)
		);
		expect(error.code).toBe('PROVIDER_TIMEOUT');
	});

	it('throws PROVIDER_TIMEOUT promptly when the caller aborts', async () => {
		const error = await expectProviderError(
			safeFetch(
				`http://${silentHost}/a.png`,
				options({ allowInsecureForTests: [silentHost], signal: AbortSignal.timeout(50) })
			)
		);
		expect(error.code).toBe('PROVIDER_TIMEOUT');
	});
});
