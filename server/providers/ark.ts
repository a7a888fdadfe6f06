/**
 * VolcEngine Ark adapter for Seedream (providers.md §3): `images/generations` with `image` as a
 * string or array of data URLs, `watermark: false`, `response_format: 'b64_json'`, one image per
 * call (group mode is never asked for: one generation is one image, CONTEXT.md). URL answers only
 * via safe-fetch, Ark's own hosts.
 */
import type { ErrorCode } from '#shared/protocol';
import { ASPECT_RATIO_PIXELS, type AspectRatio } from '#shared/schemas/catalogue';
import type { ImageProvider, ImageRequest, ProviderResult } from './provider';
import {
	providerError,
	retryAfterFromHeaders,
	codeForStatus,
	COMMON_STATUS_TABLE,
	type StatusTable
} from './provider-errors';
import { toDataUrl } from './image-bytes';
import {
	callUpstream,
	parseJsonObject,
	tryParseJson,
	type UpstreamResponse
} from './upstream-fetch';
import { readDataItems, type ItemError } from './image-answers';
import type { SafeFetchOptions } from './safe-fetch';

/** Default API root (Beijing); BytePlus: `https://ark.ap-southeast.bytepluses.com/api/v3`. */
export const ARK_BASE_URL = 'https://ark.cn-beijing.volces.com/api/v3';

/** Where Ark's URL answers (TOS object storage) live. */
const ARK_IMAGE_HOSTS = ['*.volces.com', '*.volccdn.com', '*.bytepluses.com', '*.byteplus.com'];

/** Seedream 4.x recommended 2K sizes by aspect ratio (providers.md §3b; 4:5 and 5:4 derived). */
const SIZES_2K: Record<AspectRatio, [number, number]> = {
	'1:1': [2048, 2048],
	'4:3': [2304, 1728],
	'3:4': [1728, 2304],
	'16:9': [2560, 1440],
	'9:16': [1440, 2560],
	'3:2': [2496, 1664],
	'2:3': [1664, 2496],
	'21:9': [3024, 1296],
	'4:5': [1856, 2320],
	'5:4': [2320, 1856]
};

const LABEL = 'Ark';

export interface ArkProviderOptions {
	apiKey: string;
	baseUrl?: string;
	fetch?: typeof globalThis.fetch;
	/** Ark's visible "AI生成" mark; default false. */
	watermark?: boolean;
	/** `guidance_scale` (1–10), sent only when set; only Seedream 3.0 / SeedEdit 3.0 take it. */
	guidanceScale?: number;
	/** Overrides for URL downloads (tests: `allowInsecureForTests`, `resolve`). */
	urlFetch?: Partial<SafeFetchOptions>;
}

/** The `size` to send: `WxH` (or another literal) passes; 1K/2K/4K become pixels at the aspect ratio. */
export function arkSize(request: Pick<ImageRequest, 'size' | 'aspectRatio'>): string {
	const [w, h] = SIZES_2K[request.aspectRatio];
	switch (request.size) {
		case undefined:
		case '2K':
			return `${w}x${h}`;
		case '4K':
			return `${w * 2}x${h * 2}`;
		case '1K': {
			const { width, height } = ASPECT_RATIO_PIXELS[request.aspectRatio];
			return `${width}x${height}`;
		}
		default:
			return request.size;
	}
}

/** The request body (exported for tests). */
export function buildArkBody(
	request: ImageRequest,
	options: Pick<ArkProviderOptions, 'watermark' | 'guidanceScale'> = {}
) {
	const images = request.sources.map((s) => toDataUrl(s.bytes, s.mime));
	return {
		model: request.upstreamModel,
		prompt: request.prompt,
		...(images.length === 0 ? {} : { image: images.length === 1 ? images[0] : images }),
		size: arkSize(request),
		...(request.seed === undefined ? {} : { seed: request.seed }),
		...(options.guidanceScale === undefined ? {} : { guidance_scale: options.guidanceScale }),
		watermark: options.watermark ?? false,
		response_format: 'b64_json',
		stream: false
	};
}

/** Ark's statuses; its `error.code` strings (moderation, arrears, auth) decide first. */
const ARK_STATUS_TABLE: StatusTable = { ...COMMON_STATUS_TABLE };

function codeFor(status: number, upstreamCode: string): ErrorCode {
	if (/SensitiveContent/i.test(upstreamCode)) return 'CONTENT_BLOCKED';
	if (/Overdue|Arrears|InsufficientBalance/i.test(upstreamCode)) return 'PROVIDER_OUT_OF_FUNDS';
	if (/^Authentication/.test(upstreamCode)) return 'PROVIDER_KEY_INVALID';
	return codeForStatus(status, ARK_STATUS_TABLE);
}

function arkError(
	status: number,
	error: ItemError | undefined,
	response: UpstreamResponse,
	secrets: string[]
) {
	const upstreamCode = typeof error?.code === 'string' ? error.code : '';
	const code = codeFor(status, upstreamCode);
	const retryable = code === 'PROVIDER_RATE_LIMITED' || code === 'PROVIDER_UNAVAILABLE';
	const message = typeof error?.message === 'string' ? error.message : 'no error message';
	return providerError({
		code,
		status,
		message: `${LABEL} ${status}: ${message}${upstreamCode ? ` [${upstreamCode}]` : ''}`,
		retryAfterMs: retryable ? retryAfterFromHeaders(response.headers) : null,
		secrets
	});
}

/** Creates the Ark adapter (catalogue provider name `ark`). */
export function createArkProvider(options: ArkProviderOptions): ImageProvider {
	const fetchImpl = options.fetch ?? globalThis.fetch;
	const base = (options.baseUrl ?? ARK_BASE_URL).replace(/\/+$/, '');
	const secrets = [options.apiKey];
	const urlFetch: SafeFetchOptions = {
		...options.urlFetch,
		allowedHosts: [...ARK_IMAGE_HOSTS, ...(options.urlFetch?.allowedHosts ?? [])]
	};

	return {
		name: 'ark',
		async generate(request: ImageRequest, signal: AbortSignal): Promise<ProviderResult> {
			const response = await callUpstream({
				fetch: fetchImpl,
				url: `${base}/images/generations`,
				init: {
					method: 'POST',
					headers: {
						authorization: `Bearer ${options.apiKey}`,
						'content-type': 'application/json',
						accept: 'application/json',
						'x-client-request-id': request.requestId
					},
					body: JSON.stringify(buildArkBody(request, options))
				},
				signal,
				label: LABEL,
				secrets
			});
			if (response.status < 200 || response.status > 299) {
				const body = tryParseJson(response.text) as { error?: ItemError } | undefined;
				throw arkError(response.status, body?.error, response, secrets);
			}
			const parsed = parseJsonObject(response, LABEL, secrets);
			const { images, errors } = await readDataItems(parsed.data, {
				label: LABEL,
				signal,
				secrets,
				urlFetch
			});
			const topError =
				parsed.error && typeof parsed.error === 'object' ? (parsed.error as ItemError) : undefined;
			if (images.length === 0) {
				const first = topError ?? errors[0];
				if (first) throw arkError(400, first, response, secrets);
				throw providerError({
					code: 'NO_IMAGE_RETURNED',
					message: `${LABEL}: the answer has no image`,
					secrets
				});
			}
			const requestId = response.headers.get('x-request-id');
			return { images, ...(requestId ? { providerRequestId: requestId } : {}) };
		}
	};
}
