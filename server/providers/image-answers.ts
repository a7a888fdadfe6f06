/**
 * Reads the `data[]` image lists that OpenAI, Ark and OpenRouter's Image API answer with
 * (`b64_json` or `url` items). URL items go through safe-fetch; nothing else is fetched.
 */
import type { ProviderImage } from './provider';
import { providerError } from './provider-errors';
import { checkImageBytes, decodeBase64Image } from './image-bytes';
import { safeFetch, type SafeFetchOptions } from './safe-fetch';

/** A per-item failure some providers report inside `data[]` (Ark group mode). */
export interface ItemError {
	code?: string;
	message?: string;
}

export interface ReadItemsContext {
	label: string;
	signal: AbortSignal;
	secrets: readonly string[];
	/** How URL answers are fetched; without it a URL answer is PROVIDER_BAD_RESPONSE. */
	urlFetch?: SafeFetchOptions;
}

/**
 * Decodes every image item; items carrying `error` are collected instead.
 * @throws ProviderError PROVIDER_BAD_RESPONSE when `data` is not an array or an item is unusable,
 * or whatever {@link safeFetch} throws for a URL item.
 */
export async function readDataItems(
	data: unknown,
	context: ReadItemsContext
): Promise<{ images: ProviderImage[]; errors: ItemError[] }> {
	const { label, secrets } = context;
	if (data !== undefined && data !== null && !Array.isArray(data)) {
		throw providerError({
			code: 'PROVIDER_BAD_RESPONSE',
			message: `${label}: "data" is not a list`,
			secrets
		});
	}
	const images: ProviderImage[] = [];
	const errors: ItemError[] = [];
	for (const raw of data ?? []) {
		const item = (raw ?? {}) as { b64_json?: unknown; url?: unknown; error?: ItemError };
		if (typeof item.b64_json === 'string' && item.b64_json !== '') {
			images.push(decodeBase64Image(item.b64_json, label));
		} else if (typeof item.url === 'string' && item.url !== '') {
			if (!context.urlFetch) {
				throw providerError({
					code: 'PROVIDER_BAD_RESPONSE',
					message: `${label}: answered with an image URL, which this adapter does not fetch`,
					secrets
				});
			}
			const { bytes } = await safeFetch(item.url, {
				...context.urlFetch,
				signal: context.signal,
				label
			});
			images.push({ bytes, mime: checkImageBytes(bytes, label) });
		} else if (item.error && typeof item.error === 'object') {
			errors.push(item.error);
		} else {
			throw providerError({
				code: 'PROVIDER_BAD_RESPONSE',
				message: `${label}: an image item has neither b64_json nor url`,
				secrets
			});
		}
	}
	return { images, errors };
}
