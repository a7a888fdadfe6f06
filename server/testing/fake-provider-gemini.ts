/**
 * The fake provider's Gemini dialect (`POST /v1beta/models/{model}:generateContent`, key in
 * `x-goog-api-key`), answering in the shapes of providers.md §4. Test-only.
 */
import {
	header,
	json,
	statusReply,
	truncatedPngBase64,
	type FakeBehaviour,
	type FakeDialect,
	type FakeReply,
	type FakeReplyContext
} from './fake-provider-shared';

const PATH = /^\/v1beta\/models\/[^/:]+:generateContent$/;
const STATUS_NAMES: Record<number, string> = {
	400: 'INVALID_ARGUMENT',
	403: 'PERMISSION_DENIED',
	404: 'NOT_FOUND',
	429: 'RESOURCE_EXHAUSTED',
	500: 'INTERNAL',
	503: 'UNAVAILABLE',
	504: 'DEADLINE_EXCEEDED'
};

let counter = 0;

/** A google.rpc.Status error body; `details` as given. */
export function geminiErrorBody(
	code: number,
	message = 'Fake Gemini error',
	details: unknown[] = []
) {
	return { error: { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN', details } };
}

function defaultError(status: number) {
	if (status === 429) {
		return geminiErrorBody(429, 'You exceeded your current quota.', [
			{
				'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
				violations: [{ quotaMetric: 'generate_content_requests', quotaId: 'PerMinute' }]
			},
			{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '19s' }
		]);
	}
	return geminiErrorBody(status);
}

function answer(
	context: FakeReplyContext,
	parts: unknown[],
	finishReason = 'STOP',
	extra: Record<string, unknown> = {}
): FakeReply {
	const model = /models\/([^:]+):/.exec(context.call.path)?.[1] ?? 'unknown';
	return json(200, {
		candidates: [{ index: 0, content: { role: 'model', parts }, finishReason, safetyRatings: [] }],
		usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1290, totalTokenCount: 1300 },
		modelVersion: model,
		responseId: `fake-response-${++counter}`,
		...extra
	});
}

const image = (data: string) => ({ inlineData: { mimeType: 'image/png', data } });

/** Gemini generateContent with image output. */
export const geminiDialect: FakeDialect = {
	name: 'gemini',
	matches: (path) => PATH.test(path),
	isAuthorised: (headers, key) => header(headers, 'x-goog-api-key') === key,
	unauthorised: () =>
		json(
			400,
			geminiErrorBody(400, 'API key not valid. Please pass a valid API key.', [
				{
					'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
					reason: 'API_KEY_INVALID',
					domain: 'googleapis.com'
				}
			])
		),
	reply(behaviour: FakeBehaviour, context: FakeReplyContext): FakeReply {
		switch (behaviour.kind) {
			case 'image': {
				const images = Array.from({ length: behaviour.count ?? 1 }, () =>
					image(context.imageBase64)
				);
				return answer(context, [{ text: behaviour.text ?? 'Here is your image.' }, ...images]);
			}
			case 'text-only':
				return answer(context, [{ text: behaviour.text ?? 'I can only describe it.' }]);
			case 'truncated-image':
				return answer(context, [image(truncatedPngBase64())]);
			case 'safety':
				return json(200, {
					candidates: [{ index: 0, finishReason: 'IMAGE_SAFETY' }],
					responseId: `fake-response-${++counter}`
				});
			case 'blocked-prompt':
				return json(200, {
					promptFeedback: { blockReason: 'PROHIBITED_CONTENT', safetyRatings: [] },
					responseId: `fake-response-${++counter}`
				});
			case 'url':
			case 'redirect-to-loopback':
				// Gemini has no URL answers; a fileData part is the nearest shape and must be refused.
				return answer(context, [
					{ fileData: { mimeType: 'image/png', fileUri: `${context.origin}/files/tiny.png` } }
				]);
			case 'status':
				return statusReply(behaviour, defaultError);
			case '500':
				return json(500, defaultError(500));
			default:
				throw new Error(`gemini: behaviour ${behaviour.kind} is handled by the server core`);
		}
	}
};
