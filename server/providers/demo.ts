/**
 * The offline demo provider: draws a real PNG locally from prompt + seed, so the app runs with no
 * key and tests need no network. It never touches the network, the database or sharp.
 *
 * Test hook: a prompt containing `[demo:fail:CODE]` (CODE an ErrorCode, e.g. PROVIDER_UNAVAILABLE,
 * CONTENT_BLOCKED) makes the call throw that ProviderError after the usual latency; an optional
 * `[demo:fail:PROVIDER_RATE_LIMITED:2500]` also sets retryAfterMs. Lets e2e tests hit failure paths.
 */
import { createHash } from 'node:crypto';
import { ASPECT_RATIO_PIXELS } from '#shared/schemas/catalogue';
import { isErrorCode } from '#shared/protocol';
import {
	ProviderError,
	type ImageProvider,
	type ImageRequest,
	type ProviderResult
} from './provider';
import { drawDemoArt } from './demo-art';
import { encodePng } from './png-encoder';
import { sleep } from './provider-errors';

/** The marker that makes the demo provider fail; see the file header. */
export const DEMO_FAIL_MARKER = /\[demo:fail:([A-Z_]+)(?::(\d{1,7}))?\]/;

export interface DemoProviderOptions {
	/** Artificial latency per call in ms; the `fast` upstream model waits a quarter of it. */
	latencyMs: number;
}

/**
 * Creates the demo provider (catalogue provider name `demo`).
 * Draws one image per call. Output depends only on prompt, negative prompt, seed (or, without a
 * seed, the request id), strength, aspect ratio and the source images, so a fixed seed gives
 * byte-identical PNGs. Size and quality are accepted and ignored (it always draws the 1K size).
 */
export function createDemoProvider(options: DemoProviderOptions): ImageProvider {
	return {
		name: 'demo',
		async generate(request: ImageRequest, signal: AbortSignal): Promise<ProviderResult> {
			const latency = request.upstreamModel === 'fast' ? options.latencyMs / 4 : options.latencyMs;
			await sleep(latency, signal, 'Demo provider');
			const failure = demoFailure(request.prompt);
			if (failure) throw failure;

			const { width, height } = ASPECT_RATIO_PIXELS[request.aspectRatio];
			const art = drawDemoArt({
				width,
				height,
				seed: demoSeed(request),
				sourceCount: request.sources.length
			});
			const image = { bytes: encodePng(art), mime: 'image/png' };
			// Drawing is synchronous; give an abort a chance to land before answering.
			await sleep(0, signal, 'Demo provider');
			return {
				images: [image],
				text: `Demo image for: ${request.prompt.slice(0, 80)}`,
				providerRequestId: `demo-${request.requestId}`,
				costUsd: 0
			};
		}
	};
}

/** The ProviderError a prompt's failure marker asks for, or null when it has none. */
export function demoFailure(prompt: string): ProviderError | null {
	const match = DEMO_FAIL_MARKER.exec(prompt);
	if (!match) return null;
	const [, code, retryMs] = match;
	if (!isErrorCode(code)) {
		return new ProviderError({
			code: 'PROVIDER_REJECTED_REQUEST',
			message: `Demo provider: unknown failure code ${code} in the prompt marker`,
			status: 400
		});
	}
	return new ProviderError({
		code,
		message: `Demo provider: failure ${code} requested by the prompt marker`,
		retryAfterMs:
			retryMs === undefined ? (code === 'PROVIDER_RATE_LIMITED' ? 1000 : null) : Number(retryMs)
	});
}

function demoSeed(request: ImageRequest): Uint8Array {
	const hash = createHash('sha256');
	hash.update(request.prompt);
	hash.update(`\0${request.negativePrompt ?? ''}\0${request.strength ?? ''}\0`);
	hash.update(`\0${request.seed ?? `request:${request.requestId}`}\0`);
	for (const source of request.sources)
		hash.update(createHash('sha256').update(source.bytes).digest());
	return new Uint8Array(hash.digest());
}
