import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import type { ImageRequest } from './provider';
import { ProviderError } from './provider';
import { createDemoProvider } from './demo';
import { crc32, readPngSize } from './png-encoder';

function makeRequest(overrides: Partial<ImageRequest> = {}): ImageRequest {
	return {
		upstreamModel: 'sketch',
		prompt: 'a banana on the moon',
		aspectRatio: '16:9',
		seed: 42,
		sources: [],
		requestId: '0190f0c0-0000-7000-8000-000000000001',
		...overrides
	};
}

const live = () => new AbortController().signal;

/** Walks the chunks of a PNG, checking each CRC; returns the chunk types in order. */
function chunkTypes(png: Uint8Array): string[] {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	const types: string[] = [];
	for (let at = 8; at < png.length;) {
		const length = view.getUint32(at);
		types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
		expect(view.getUint32(at + 8 + length)).toBe(crc32(png, at + 4, at + 8 + length));
		at += 12 + length;
	}
	return types;
}

describe('createDemoProvider', () => {
	it('returns a valid PNG of the aspect ratio size when asked for 16:9', async () => {
		const sut = createDemoProvider({ latencyMs: 0 });
		const result = await sut.generate(makeRequest(), live());
		const png = result.images[0].bytes;
		expect(result.images).toHaveLength(1);
		expect(result.images[0].mime).toBe('image/png');
		expect(readPngSize(png)).toEqual({ width: 1344, height: 768 });
		expect(chunkTypes(png)).toEqual(['IHDR', 'IDAT', 'IEND']);
		const idatLength = new DataView(png.buffer, png.byteOffset).getUint32(33);
		const raw = inflateSync(png.subarray(41, 41 + idatLength));
		expect(raw.length).toBe((1344 * 3 + 1) * 768);
	});

	it('uses the size of each aspect ratio when asked for portrait and wide', async () => {
		const sut = createDemoProvider({ latencyMs: 0 });
		const portrait = await sut.generate(makeRequest({ aspectRatio: '9:16' }), live());
		const wide = await sut.generate(makeRequest({ aspectRatio: '21:9' }), live());
		expect(readPngSize(portrait.images[0].bytes)).toEqual({ width: 768, height: 1344 });
		expect(readPngSize(wide.images[0].bytes)).toEqual({ width: 1536, height: 672 });
	});

	it('draws byte-identical images when prompt and seed are the same', async () => {
		const sut = createDemoProvider({ latencyMs: 0 });
		const a = await sut.generate(makeRequest({ requestId: 'one' }), live());
		const b = await sut.generate(makeRequest({ requestId: 'two' }), live());
		expect(Buffer.from(a.images[0].bytes).equals(Buffer.from(b.images[0].bytes))).toBe(true);
	});

	it('draws different images when the prompt, the seed or the sources differ', async () => {
		const sut = createDemoProvider({ latencyMs: 0 });
		const base = (await sut.generate(makeRequest(), live())).images[0].bytes;
		const otherPrompt = (await sut.generate(makeRequest({ prompt: 'a cat' }), live())).images[0]
			.bytes;
		const otherSeed = (await sut.generate(makeRequest({ seed: 43 }), live())).images[0].bytes;
		const source = { bytes: new Uint8Array([1, 2, 3]), mime: 'image/png' as const };
		const withSource = (await sut.generate(makeRequest({ sources: [source] }), live())).images[0]
			.bytes;
		for (const other of [otherPrompt, otherSeed, withSource]) {
			expect(Buffer.from(other).equals(Buffer.from(base))).toBe(false);
		}
	});

	it('waits the configured latency when latencyMs is set', async () => {
		const sut = createDemoProvider({ latencyMs: 120 });
		const started = performance.now();
		await sut.generate(makeRequest({ aspectRatio: '1:1' }), live());
		expect(performance.now() - started).toBeGreaterThanOrEqual(110);
	});

	it('stops promptly with PROVIDER_TIMEOUT when the signal aborts during the latency', async () => {
		const sut = createDemoProvider({ latencyMs: 10_000 });
		const controller = new AbortController();
		const started = performance.now();
		setTimeout(() => controller.abort(), 30);
		const error = await sut.generate(makeRequest(), controller.signal).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ProviderError);
		expect((error as ProviderError).code).toBe('PROVIDER_TIMEOUT');
		expect(performance.now() - started).toBeLessThan(5_000); // far below the 10 s latency, loose for a loaded machine
	});

	it('throws the marked ErrorCode when the prompt carries [demo:fail:CODE]', async () => {
		const sut = createDemoProvider({ latencyMs: 0 });
		for (const code of ['PROVIDER_UNAVAILABLE', 'CONTENT_BLOCKED'] as const) {
			const error = await sut
				.generate(makeRequest({ prompt: `x [demo:fail:${code}] y` }), live())
				.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ProviderError);
			expect((error as ProviderError).code).toBe(code);
		}
	});

	it('sets retryAfterMs when the failure marker carries a delay', async () => {
		const sut = createDemoProvider({ latencyMs: 0 });
		const error = (await sut
			.generate(makeRequest({ prompt: '[demo:fail:PROVIDER_RATE_LIMITED:2500]' }), live())
			.catch((e: unknown) => e)) as ProviderError;
		expect(error.code).toBe('PROVIDER_RATE_LIMITED');
		expect(error.retryAfterMs).toBe(2500);
	});

	it('rejects the request when the failure marker names an unknown code', async () => {
		const sut = createDemoProvider({ latencyMs: 0 });
		const error = (await sut
			.generate(makeRequest({ prompt: '[demo:fail:NOPE]' }), live())
			.catch((e: unknown) => e)) as ProviderError;
		expect(error.code).toBe('PROVIDER_REJECTED_REQUEST');
	});

	it('draws exactly one image per call, different when strength or negative prompt change', async () => {
		const sut = createDemoProvider({ latencyMs: 0 });
		const base = makeRequest({ seed: 9, aspectRatio: '1:1' });
		const plain = await sut.generate(base, live());
		const stronger = await sut.generate({ ...base, strength: 0.9 }, live());
		const negative = await sut.generate({ ...base, negativePrompt: 'no blur' }, live());
		expect([plain, stronger, negative].map((r) => r.images.length)).toEqual([1, 1, 1]);
		const bytes = (r: typeof plain) => Buffer.from(r.images[0].bytes);
		expect(bytes(plain).equals(bytes(stronger))).toBe(false);
		expect(bytes(plain).equals(bytes(negative))).toBe(false);
	});
});
