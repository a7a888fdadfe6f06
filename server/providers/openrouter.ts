/**
 * OpenRouter adapter: image output through Chat Completions (`modalities`), providers.md §1b/§1d.
 * Speaks only this wire format; never logs or returns the key, never touches credits or storage.
 * One call is one image (this endpoint has no `n`); the relay makes one generation per image.
 * The Image API (`/images`) is the separate adapter in openrouter-images.ts.
 */
import type { ImageProvider, ImageRequest, ProviderImage, ProviderResult } from './provider';
import { providerError } from './provider-errors';
import { decodeDataUrl, toDataUrl } from './image-bytes';
import { callUpstream, parseJsonObject } from './upstream-fetch';
import { openRouterError, openRouterErrorBody } from './openrouter-errors';

/** Default API root; `…/chat/completions` is appended. */
export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';

/** `image_size` tiers sent through; anything else in `request.size` is left out. */
const IMAGE_SIZES = new Set(['1K', '2K', '4K']);

/** Gemini finish reasons (passed through as `native_finish_reason`) that mean a safety block. */
const NATIVE_BLOCK_REASONS = new Set([
	'SAFETY',
	'PROHIBITED_CONTENT',
	'BLOCKLIST',
	'SPII',
	'RECITATION',
	'IMAGE_SAFETY',
	'IMAGE_PROHIBITED_CONTENT',
	'IMAGE_RECITATION'
]);

const LABEL = 'OpenRouter';

export interface OpenRouterProviderOptions {
	apiKey: string;
	/** API root, default {@link OPENROUTER_BASE_URL}. */
	baseUrl?: string;
	fetch?: typeof globalThis.fetch;
	/** Sent as `X-OpenRouter-Title` (app attribution). */
	appTitle?: string;
	/** Sent as `HTTP-Referer` (app attribution). */
	appUrl?: string;
}

/** The chat completions request body for one image request (exported for tests and the fake). */
export function buildChatBody(request: ImageRequest): Record<string, unknown> {
	const content: unknown[] = [{ type: 'text', text: request.prompt }];
	for (const source of request.sources) {
		content.push({ type: 'image_url', image_url: { url: toDataUrl(source.bytes, source.mime) } });
	}
	const imageConfig: Record<string, string | number> = { aspect_ratio: request.aspectRatio };
	if (request.size && IMAGE_SIZES.has(request.size)) imageConfig.image_size = request.size;
	// Recraft/Sourceful-style models take strength in image_config (providers.md §1b).
	if (request.strength !== undefined && request.sources.length > 0)
		imageConfig.strength = request.strength;
	return {
		model: request.upstreamModel,
		// Image-only models (Flux, Riverflow, …) refuse ["image","text"]; Gemini answers with both.
		modalities: request.textOutput ? ['image', 'text'] : ['image'],
		image_config: imageConfig,
		messages: [{ role: 'user', content }],
		...(request.seed === undefined ? {} : { seed: request.seed }),
		stream: false
	};
}

/** Request headers for both OpenRouter paths: auth, JSON, optional attribution. */
export function openRouterHeaders(options: OpenRouterProviderOptions): Record<string, string> {
	const headers: Record<string, string> = {
		authorization: `Bearer ${options.apiKey}`,
		'content-type': 'application/json',
		accept: 'application/json'
	};
	if (options.appTitle) headers['x-openrouter-title'] = options.appTitle;
	if (options.appUrl) headers['http-referer'] = options.appUrl;
	return headers;
}

/** Creates the OpenRouter chat-completions adapter (catalogue provider name `openrouter`). */
export function createOpenRouterProvider(options: OpenRouterProviderOptions): ImageProvider {
	const fetchImpl = options.fetch ?? globalThis.fetch;
	const url = `${(options.baseUrl ?? OPENROUTER_BASE_URL).replace(/\/+$/, '')}/chat/completions`;
	const secrets = [options.apiKey];
	const headers = openRouterHeaders(options);

	return {
		name: 'openrouter',
		async generate(request: ImageRequest, signal: AbortSignal): Promise<ProviderResult> {
			const response = await callUpstream({
				fetch: fetchImpl,
				url,
				init: { method: 'POST', headers, body: JSON.stringify(buildChatBody(request)) },
				signal,
				label: LABEL,
				secrets
			});
			if (response.status < 200 || response.status > 299) {
				throw openRouterError({ status: response.status, response, secrets });
			}
			const body = parseJsonObject(response, LABEL, secrets);
			const inBand = openRouterErrorBody(body);
			if (inBand) {
				const status = typeof inBand.code === 'number' ? inBand.code : 502;
				throw openRouterError({ status, response, error: inBand, secrets });
			}
			return readChatResult(body, secrets);
		}
	};
}

interface ChatChoice {
	finish_reason?: unknown;
	native_finish_reason?: unknown;
	message?: { content?: unknown; images?: unknown };
}

function readChatResult(body: Record<string, unknown>, secrets: string[]): ProviderResult {
	const choice = (Array.isArray(body.choices) ? body.choices[0] : undefined) as
		ChatChoice | undefined;
	if (!choice || typeof choice !== 'object') {
		throw providerError({
			code: 'PROVIDER_BAD_RESPONSE',
			message: `${LABEL}: the answer has no choices`,
			secrets
		});
	}
	const text = messageText(choice.message?.content);
	const native =
		typeof choice.native_finish_reason === 'string'
			? choice.native_finish_reason.toUpperCase()
			: '';
	if (choice.finish_reason === 'content_filter' || NATIVE_BLOCK_REASONS.has(native)) {
		const why = native ? ` (${native})` : '';
		throw providerError({
			code: 'CONTENT_BLOCKED',
			message: `${LABEL}: the request was blocked by a content filter${why}`,
			secrets
		});
	}
	if (choice.finish_reason === 'error') {
		throw providerError({
			code: 'PROVIDER_UNAVAILABLE',
			message: `${LABEL}: the upstream model failed mid-answer`,
			secrets
		});
	}
	const images: ProviderImage[] = [];
	for (const item of Array.isArray(choice.message?.images) ? choice.message.images : []) {
		const entry = item as { image_url?: { url?: unknown } } | null;
		const dataUrl = entry?.image_url?.url;
		if (typeof dataUrl !== 'string') {
			throw providerError({
				code: 'PROVIDER_BAD_RESPONSE',
				message: `${LABEL}: an image entry has no image_url.url`,
				secrets
			});
		}
		images.push(decodeDataUrl(dataUrl, LABEL));
	}
	if (images.length === 0) {
		const said = text ? ` The model said: ${text.slice(0, 200)}` : '';
		throw providerError({
			code: 'NO_IMAGE_RETURNED',
			message: `${LABEL}: no image in the answer.${said}`,
			secrets
		});
	}
	const usage = body.usage as { cost?: unknown } | undefined;
	return {
		images,
		...(text ? { text } : {}),
		...(typeof body.id === 'string' ? { providerRequestId: body.id } : {}),
		...(typeof usage?.cost === 'number' ? { costUsd: usage.cost } : {})
	};
}

/** The assistant's text: a string, or the text parts of a content array. */
function messageText(content: unknown): string {
	if (typeof content === 'string') return content.trim();
	if (!Array.isArray(content)) return '';
	return content
		.map((part: unknown) =>
			part && typeof part === 'object' && 'text' in part && typeof part.text === 'string'
				? part.text
				: ''
		)
		.join('\n')
		.trim();
}
