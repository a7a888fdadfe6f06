/**
 * Small helpers shared by the adapter contract tests: a request factory, a live signal and a
 * "this must reject with a ProviderError" helper. Test-only.
 */
import { expect, it } from 'vitest';
import type { ErrorCode } from '#shared/protocol';
import type { FakeBehaviour, FakeProvider } from './fake-provider';
import { ProviderError, type ImageProvider, type ImageRequest } from '../providers/provider';
import { tinyPng } from './fake-provider-shared';

/** An ImageRequest with test defaults; override any field. */
export function makeImageRequest(overrides: Partial<ImageRequest> = {}): ImageRequest {
	return {
		upstreamModel: 'fake-model',
		prompt: 'a banana in a spacesuit',
		aspectRatio: '1:1',
		sources: [],
		requestId: '0190f0c0-0000-7000-8000-0000000000aa',
		...overrides
	};
}

/** A PNG source image (the fake's tiny PNG). */
export function makeSource(mime: 'image/png' | 'image/jpeg' | 'image/webp' = 'image/png') {
	return { bytes: tinyPng(), mime };
}

/** A signal that never aborts. */
export function liveSignal(): AbortSignal {
	return new AbortController().signal;
}

/** Awaits `promise`, expects it to reject with a ProviderError and returns that error. */
export async function expectProviderError(promise: Promise<unknown>): Promise<ProviderError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ProviderError);
	return error as ProviderError;
}

/** Everything an error could leak through, as one string (for key-scrubbing assertions). */
export function everythingIn(error: Error): string {
	return `${JSON.stringify(error)} ${JSON.stringify(Object.entries(error))} ${error.message} ${error.stack} ${String(error)}`;
}

/** One scripted provider answer and the error it must map to. */
export interface ErrorCase {
	name: string;
	behaviour: FakeBehaviour;
	code: ErrorCode;
	retryAfterMs?: number | null;
}

/**
 * Declares one test per case: the fake answers with `behaviour`, the adapter must throw `code`
 * (and `retryAfterMs` when given). Getters, because the fake and adapter are made in hooks.
 */
export function itMapsProviderErrors(
	cases: ErrorCase[],
	context: { fake: () => FakeProvider; sut: () => ImageProvider; request: () => ImageRequest }
): void {
	for (const { name, behaviour, code, retryAfterMs } of cases) {
		it(`throws ${code} when the provider answers ${name}`, async () => {
			context.fake().script(behaviour);
			const error = await expectProviderError(
				context.sut().generate(context.request(), liveSignal())
			);
			expect(error.code).toBe(code);
			if (retryAfterMs !== undefined) expect(error.retryAfterMs).toBe(retryAfterMs);
		});
	}
}
