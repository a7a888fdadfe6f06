/**
 * OpenAI Images adapter (providers.md §2): `images/generations` (JSON) for text-to-image and
 * `images/edits` (multipart, repeated `image[]`, optional `mask`) for image-to-image. Works with any
 * compatible base URL; parses both `b64_json` and `url` answers (URLs only via safe-fetch).
 */
import { ASPECT_RATIO_PIXELS } from '#shared/schemas/catalogue';
import type { ImageProvider, ImageRequest, ProviderResult, SourceImage } from './provider';
import { providerError } from './provider-errors';
import { callUpstream, parseJsonObject } from './upstream-fetch';
import { readDataItems } from './image-answers';
import { openAIError } from './openai-errors';
import type { SafeFetchOptions } from './safe-fetch';

/** Default API root; `/images/generations` and `/images/edits` are appended. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Where DALL·E-style URL answers live (GPT image models answer in base64). */
const OPENAI_IMAGE_HOSTS = ['oaidalleapiprodscus.blob.core.windows.net'];

/** The fixed sizes every GPT image model takes, by aspect ratio. */
const STANDARD_SIZES: Record<string, string> = {
	'1:1': '1024x1024',
	'3:2': '1536x1024',
	'2:3': '1024x1536'
};

export interface OpenAIImagesProviderOptions {
	apiKey: string;
	/** API root, default {@link OPENAI_BASE_URL}; any OpenAI-compatible endpoint works. */
	baseUrl?: string;
	fetch?: typeof globalThis.fetch;
	/** Extra hosts image URLs may come from (the base URL's host and OpenAI's are always allowed). */
	imageHosts?: readonly string[];
	/** Overrides for URL downloads (tests: `allowInsecureForTests`, `resolve`). */
	urlFetch?: Partial<SafeFetchOptions>;
	/** Provider name in the catalogue, default `openai`. */
	name?: string;
}

/**
 * The `size` to send: an explicit `WxH` or `auto` passes through; otherwise the standard size of
 * 1:1, 3:2 and 2:3, or the 1K pixel size of other ratios (gpt-image-2 takes arbitrary sizes).
 */
export function openAISize(request: Pick<ImageRequest, 'size' | 'aspectRatio'>): string {
	if (request.size && (request.size === 'auto' || /^\d{2,5}x\d{2,5}$/.test(request.size)))
		return request.size;
	const standard = STANDARD_SIZES[request.aspectRatio];
	if (standard) return standard;
	const { width, height } = ASPECT_RATIO_PIXELS[request.aspectRatio];
	return `${width}x${height}`;
}

function extensionOf(mime: string): string {
	return mime === 'image/jpeg' ? 'jpg' : (mime.split('/')[1] ?? 'png');
}

function fileOf(image: SourceImage): Blob {
	return new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mime });
}

/** The multipart body of an edit call (exported for tests). */
export function buildEditForm(request: ImageRequest): FormData {
	const form = new FormData();
	form.append('model', request.upstreamModel);
	form.append('prompt', request.prompt);
	form.append('n', '1'); // one generation is one image (CONTEXT.md)
	form.append('size', openAISize(request));
	if (request.quality !== undefined) form.append('quality', request.quality);
	request.sources.forEach((source, i) =>
		form.append('image[]', fileOf(source), `image-${i + 1}.${extensionOf(source.mime)}`)
	);
	if (request.mask) form.append('mask', fileOf(request.mask), 'mask.png');
	return form;
}

/** The JSON body of a generations call (exported for tests): always one image. */
export function buildGenerationsBody(request: ImageRequest): Record<string, unknown> {
	return {
		model: request.upstreamModel,
		prompt: request.prompt,
		n: 1, // one generation is one image (CONTEXT.md); dall-e-3 takes only 1 anyway
		size: openAISize(request),
		...(request.quality === undefined ? {} : { quality: request.quality })
	};
}

/** Creates the OpenAI Images adapter (catalogue provider name `openai` unless renamed). */
export function createOpenAIImagesProvider(options: OpenAIImagesProviderOptions): ImageProvider {
	const fetchImpl = options.fetch ?? globalThis.fetch;
	const base = (options.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, '');
	const secrets = [options.apiKey];
	const label =
		options.name && options.name !== 'openai' ? `OpenAI-compatible (${options.name})` : 'OpenAI';
	const urlFetch: SafeFetchOptions = {
		...options.urlFetch,
		allowedHosts: [
			new URL(base).hostname,
			...OPENAI_IMAGE_HOSTS,
			...(options.imageHosts ?? []),
			...(options.urlFetch?.allowedHosts ?? [])
		]
	};

	return {
		name: options.name ?? 'openai',
		async generate(request: ImageRequest, signal: AbortSignal): Promise<ProviderResult> {
			const isEdit = request.sources.length > 0;
			const headers: Record<string, string> = {
				authorization: `Bearer ${options.apiKey}`,
				accept: 'application/json'
			};
			let body: BodyInit;
			if (isEdit) {
				body = buildEditForm(request); // fetch sets the multipart boundary header itself.
			} else {
				headers['content-type'] = 'application/json';
				body = JSON.stringify(buildGenerationsBody(request));
			}
			const response = await callUpstream({
				fetch: fetchImpl,
				url: `${base}/images/${isEdit ? 'edits' : 'generations'}`,
				init: { method: 'POST', headers, body },
				signal,
				label,
				secrets
			});
			if (response.status < 200 || response.status > 299)
				throw openAIError({ response, label, secrets });
			const parsed = parseJsonObject(response, label, secrets);
			const { images } = await readDataItems(parsed.data, { label, signal, secrets, urlFetch });
			if (images.length === 0) {
				throw providerError({
					code: 'NO_IMAGE_RETURNED',
					message: `${label}: the answer has no image`,
					secrets
				});
			}
			const revised = (parsed.data as { revised_prompt?: unknown }[])[0]?.revised_prompt;
			const requestId = response.headers.get('x-request-id');
			return {
				images,
				...(typeof revised === 'string' ? { text: revised } : {}),
				...(requestId ? { providerRequestId: requestId } : {})
			};
		}
	};
}
