/**
 * Google Gemini API adapter (providers.md §4): `models/{model}:generateContent` with the key in
 * `x-goog-api-key`, responseModalities IMAGE (TEXT+IMAGE for models with textOutput), imageConfig, inlineData in and out.
 * Safety finish reasons and prompt blocks become CONTENT_BLOCKED; RetryInfo feeds retryAfterMs.
 */
import type { ErrorCode } from '#shared/protocol';
import type { ImageProvider, ImageRequest, ProviderImage, ProviderResult } from './provider';
import {
	codeForStatus,
	COMMON_STATUS_TABLE,
	parseRetryAfter,
	providerError,
	retryAfterFromHeaders,
	type StatusTable
} from './provider-errors';
import { decodeBase64Image, toBase64 } from './image-bytes';
import {
	callUpstream,
	parseJsonObject,
	tryParseJson,
	type UpstreamResponse
} from './upstream-fetch';

/** Default API root; `/models/{model}:generateContent` is appended. */
export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/** Finish and block reasons that mean the content was refused (providers.md §4d). */
const BLOCK_REASONS = new Set([
	'SAFETY',
	'PROHIBITED_CONTENT',
	'BLOCKLIST',
	'SPII',
	'RECITATION',
	'IMAGE_SAFETY',
	'IMAGE_PROHIBITED_CONTENT',
	'IMAGE_RECITATION'
]);
const IMAGE_SIZES = new Set(['1K', '2K', '4K']);
const LABEL = 'Gemini';

export interface GeminiProviderOptions {
	apiKey: string;
	baseUrl?: string;
	fetch?: typeof globalThis.fetch;
}

/** The generateContent body (exported for tests). */
export function buildGeminiBody(request: ImageRequest): Record<string, unknown> {
	const parts: unknown[] = [{ text: request.prompt }];
	for (const source of request.sources)
		parts.push({ inlineData: { mimeType: source.mime, data: toBase64(source.bytes) } });
	const imageConfig: Record<string, string> = { aspectRatio: request.aspectRatio };
	if (request.size && IMAGE_SIZES.has(request.size)) imageConfig.imageSize = request.size;
	return {
		contents: [{ role: 'user', parts }],
		generationConfig: {
			responseModalities: request.textOutput ? ['TEXT', 'IMAGE'] : ['IMAGE'],
			imageConfig,
			...(request.seed === undefined ? {} : { seed: request.seed })
		}
	};
}

interface GoogleError {
	code?: unknown;
	message?: unknown;
	status?: unknown;
	details?: { '@type'?: unknown; reason?: unknown; retryDelay?: unknown }[];
}

/** Gemini's statuses (providers.md §4e): a bad key is often a 400 carrying API_KEY_INVALID. */
const GEMINI_STATUS_TABLE: StatusTable = { ...COMMON_STATUS_TABLE };

function codeFor(httpStatus: number, error: GoogleError | undefined): ErrorCode {
	const reasons = (error?.details ?? []).map((d) => d?.reason);
	if (reasons.includes('API_KEY_INVALID')) return 'PROVIDER_KEY_INVALID';
	// Billing: a 402, or a FAILED_PRECONDITION that says billing must be enabled (free tier unavailable).
	const message = typeof error?.message === 'string' ? error.message : '';
	if (error?.status === 'FAILED_PRECONDITION' && /billing/i.test(message))
		return 'PROVIDER_OUT_OF_FUNDS';
	return codeForStatus(httpStatus, GEMINI_STATUS_TABLE);
}

/** `retryDelay` of a google.rpc.RetryInfo detail (`"19s"`, `"1.5s"`) in ms. */
function retryDelayMs(error: GoogleError | undefined): number | null {
	const info = (error?.details ?? []).find((d) => typeof d?.retryDelay === 'string');
	const match =
		typeof info?.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(info.retryDelay) : null;
	return match ? parseRetryAfter(match[1]) : null;
}

function geminiError(response: UpstreamResponse, secrets: string[]) {
	const error = (tryParseJson(response.text) as { error?: GoogleError } | undefined)?.error;
	const code = codeFor(response.status, error);
	const retryable = code === 'PROVIDER_RATE_LIMITED' || code === 'PROVIDER_UNAVAILABLE';
	const status = typeof error?.status === 'string' ? ` [${error.status}]` : '';
	return providerError({
		code,
		status: response.status,
		message: `${LABEL} ${response.status}: ${typeof error?.message === 'string' ? error.message : 'no error message'}${status}`,
		retryAfterMs: retryable
			? (retryDelayMs(error) ?? retryAfterFromHeaders(response.headers))
			: null,
		secrets
	});
}

interface Part {
	text?: unknown;
	thought?: unknown;
	inlineData?: { mimeType?: unknown; data?: unknown };
	fileData?: unknown;
}

function readResult(body: Record<string, unknown>, secrets: string[]): ProviderResult {
	const blockReason = (body.promptFeedback as { blockReason?: unknown } | undefined)?.blockReason;
	if (typeof blockReason === 'string' && blockReason !== 'BLOCKED_REASON_UNSPECIFIED') {
		throw providerError({
			code: 'CONTENT_BLOCKED',
			message: `${LABEL}: the prompt was blocked (${blockReason})`,
			secrets
		});
	}
	const candidate = (Array.isArray(body.candidates) ? body.candidates[0] : undefined) as
		{ content?: { parts?: Part[] }; finishReason?: unknown } | undefined;
	const parts = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
	const images: ProviderImage[] = [];
	const texts: string[] = [];
	for (const part of parts) {
		if (!part || part.thought === true) continue; // Interim "thinking" output is not a result.
		if (typeof part.inlineData?.data === 'string')
			images.push(decodeBase64Image(part.inlineData.data, LABEL));
		else if (typeof part.text === 'string') texts.push(part.text);
		else if (part.fileData) {
			throw providerError({
				code: 'PROVIDER_BAD_RESPONSE',
				message: `${LABEL}: answered with a file reference, which is not fetched`,
				secrets
			});
		}
	}
	const text = texts.join('\n').trim();
	const finish = typeof candidate?.finishReason === 'string' ? candidate.finishReason : '';
	if (images.length === 0) {
		if (BLOCK_REASONS.has(finish)) {
			throw providerError({
				code: 'CONTENT_BLOCKED',
				message: `${LABEL}: the image was blocked (${finish})`,
				secrets
			});
		}
		const said = text ? ` The model said: ${text.slice(0, 200)}` : '';
		const why = finish && finish !== 'STOP' ? ` (${finish})` : '';
		throw providerError({
			code: 'NO_IMAGE_RETURNED',
			message: `${LABEL}: no image in the answer${why}.${said}`,
			secrets
		});
	}
	return {
		images,
		...(text ? { text } : {}),
		...(typeof body.responseId === 'string' ? { providerRequestId: body.responseId } : {})
	};
}

/** Creates the Gemini API adapter (catalogue provider name `gemini`). */
export function createGeminiProvider(options: GeminiProviderOptions): ImageProvider {
	const fetchImpl = options.fetch ?? globalThis.fetch;
	const base = (options.baseUrl ?? GEMINI_BASE_URL).replace(/\/+$/, '');
	const secrets = [options.apiKey];

	return {
		name: 'gemini',
		async generate(request: ImageRequest, signal: AbortSignal): Promise<ProviderResult> {
			const model = encodeURIComponent(request.upstreamModel.replace(/^models\//, ''));
			const response = await callUpstream({
				fetch: fetchImpl,
				url: `${base}/models/${model}:generateContent`,
				init: {
					method: 'POST',
					headers: {
						'x-goog-api-key': options.apiKey,
						'content-type': 'application/json',
						accept: 'application/json'
					},
					body: JSON.stringify(buildGeminiBody(request))
				},
				signal,
				label: LABEL,
				secrets
			});
			if (response.status < 200 || response.status > 299) throw geminiError(response, secrets);
			return readResult(parseJsonObject(response, LABEL, secrets), secrets);
		}
	};
}
