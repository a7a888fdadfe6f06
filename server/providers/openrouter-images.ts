/**
 * OpenRouter's Image API adapter (`POST /api/v1/images`, providers.md §1c): the second OpenRouter
 * mode, for image-only models (Flux, Seedream, GPT image …). Catalogue provider `openrouter-images`;
 * same key, same error mapping (§1d) as the chat adapter. Answers are base64 only.
 */
import type { ImageProvider, ImageRequest, ProviderResult } from './provider';
import { providerError } from './provider-errors';
import { toDataUrl } from './image-bytes';
import { callUpstream, parseJsonObject } from './upstream-fetch';
import { readDataItems } from './image-answers';
import { openRouterError, openRouterErrorBody } from './openrouter-errors';
import {
	OPENROUTER_BASE_URL,
	openRouterHeaders,
	type OpenRouterProviderOptions
} from './openrouter';

const RESOLUTIONS = new Set(['512', '1K', '2K', '4K']);
const LABEL = 'OpenRouter Image API';

/**
 * The Image API body (exported for tests). A `WxH` size is sent as `size` alone, since explicit
 * pixels that conflict with `aspect_ratio`/`resolution` are a 400.
 */
export function buildImagesBody(request: ImageRequest): Record<string, unknown> {
	const pixels = request.size !== undefined && /^\d+x\d+$/.test(request.size);
	return {
		model: request.upstreamModel,
		prompt: request.prompt,
		n: 1, // one generation is one image (CONTEXT.md)
		...(pixels ? { size: request.size } : { aspect_ratio: request.aspectRatio }),
		...(request.size && RESOLUTIONS.has(request.size) ? { resolution: request.size } : {}),
		...(request.quality === undefined ? {} : { quality: request.quality }),
		...(request.seed === undefined ? {} : { seed: request.seed }),
		...(request.sources.length === 0
			? {}
			: {
					input_references: request.sources.map((s) => ({
						type: 'image_url',
						image_url: { url: toDataUrl(s.bytes, s.mime) }
					}))
				}),
		stream: false
	};
}

/** Creates the OpenRouter Image API adapter (catalogue provider name `openrouter-images`). */
export function createOpenRouterImagesProvider(options: OpenRouterProviderOptions): ImageProvider {
	const fetchImpl = options.fetch ?? globalThis.fetch;
	const url = `${(options.baseUrl ?? OPENROUTER_BASE_URL).replace(/\/+$/, '')}/images`;
	const secrets = [options.apiKey];
	const headers = openRouterHeaders(options);

	return {
		name: 'openrouter-images',
		async generate(request: ImageRequest, signal: AbortSignal): Promise<ProviderResult> {
			const response = await callUpstream({
				fetch: fetchImpl,
				url,
				init: { method: 'POST', headers, body: JSON.stringify(buildImagesBody(request)) },
				signal,
				label: LABEL,
				secrets
			});
			if (response.status < 200 || response.status > 299)
				throw openRouterError({ status: response.status, response, secrets });
			const body = parseJsonObject(response, LABEL, secrets);
			const inBand = openRouterErrorBody(body);
			if (inBand)
				throw openRouterError({
					status: typeof inBand.code === 'number' ? inBand.code : 502,
					response,
					error: inBand,
					secrets
				});
			const { images } = await readDataItems(body.data, { label: LABEL, signal, secrets });
			if (images.length === 0)
				throw providerError({
					code: 'NO_IMAGE_RETURNED',
					message: `${LABEL}: the answer has no image`,
					secrets
				});
			const usage = body.usage as { cost?: unknown } | undefined;
			return {
				images,
				...(typeof body.id === 'string' ? { providerRequestId: body.id } : {}),
				...(typeof usage?.cost === 'number' ? { costUsd: usage.cost } : {})
			};
		}
	};
}
