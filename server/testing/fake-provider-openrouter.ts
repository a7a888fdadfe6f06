/**
 * The fake provider's OpenRouter chat-completions dialect (`POST /api/v1/chat/completions`),
 * answering in the shapes of providers.md §1b/§1d. Test-only.
 */
import {
	header,
	json,
	statusReply,
	truncatedPngBase64,
	urlAnswer,
	type FakeBehaviour,
	type FakeDialect,
	type FakeReply,
	type FakeReplyContext
} from './fake-provider-shared';

let counter = 0;

function errorBody(
	status: number,
	message = 'Provider returned error',
	metadata?: Record<string, unknown>
) {
	return { error: { code: status, message, ...(metadata ? { metadata } : {}) } };
}

function completion(
	context: FakeReplyContext,
	message: Record<string, unknown>,
	finishReason = 'stop',
	cost = 0.039
) {
	const model = (context.call.body as { model?: unknown } | null)?.model ?? 'unknown';
	return json(200, {
		id: `gen-fake-${++counter}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				finish_reason: finishReason,
				native_finish_reason: finishReason.toUpperCase(),
				message: { role: 'assistant', ...message }
			}
		],
		usage: { prompt_tokens: 10, completion_tokens: 1290, total_tokens: 1300, cost, is_byok: false }
	});
}

function imageItems(base64: string, count: number) {
	return Array.from({ length: count }, () => ({
		type: 'image_url',
		image_url: { url: `data:image/png;base64,${base64}` }
	}));
}

/** Gemini models answer with image and text; every other fake model is image-only (providers.md §1b). */
const answersWithText = (model: unknown) =>
	typeof model === 'string' && model.startsWith('google/');

/**
 * What an image-only model says when text output is asked for (wording is ours: the real
 * service answers 404 when no endpoint supports the requested output modalities).
 */
function modalityRefusal(context: FakeReplyContext): FakeReply | null {
	const body = context.call.body as { model?: unknown; modalities?: unknown } | null;
	const modalities = Array.isArray(body?.modalities) ? body.modalities : [];
	if (!modalities.includes('text') || answersWithText(body?.model)) return null;
	return json(
		404,
		errorBody(
			404,
			`No endpoints found that support the requested output modalities: ${modalities.join(', ')}`
		)
	);
}

/** OpenRouter chat completions with image output. */
export const openRouterChatDialect: FakeDialect = {
	name: 'openrouter-chat',
	matches: (path) => path === '/api/v1/chat/completions',
	isAuthorised: (headers, key) => header(headers, 'authorization') === `Bearer ${key}`,
	unauthorised: () => json(401, errorBody(401, 'Missing Authentication header')),
	reply(behaviour: FakeBehaviour, context: FakeReplyContext): FakeReply {
		switch (behaviour.kind) {
			case 'image':
				return (
					modalityRefusal(context) ??
					completion(
						context,
						{
							content: answersWithText((context.call.body as { model?: unknown } | null)?.model)
								? (behaviour.text ?? 'Here is your image.')
								: null,
							images: imageItems(context.imageBase64, behaviour.count ?? 1)
						},
						'stop',
						behaviour.cost
					)
				);
			case 'text-only':
				return completion(context, {
					content: behaviour.text ?? 'I cannot draw that, but here is a poem.',
					images: []
				});
			case 'truncated-image':
				return completion(context, { content: '', images: imageItems(truncatedPngBase64(), 1) });
			case 'safety':
			case 'blocked-prompt':
				return completion(context, { content: null, images: [] }, 'content_filter');
			case 'url':
			case 'redirect-to-loopback':
				// Not part of the chat format (images are data URLs); lets tests see such answers refused.
				return completion(context, {
					content: '',
					images: [{ type: 'image_url', image_url: { url: urlAnswer(behaviour, context.origin) } }]
				});
			case 'status':
				return statusReply(behaviour, (status) => errorBody(status));
			case '500':
				return json(500, errorBody(500, 'Internal Server Error'));
			default:
				throw new Error(
					`openrouter-chat: behaviour ${behaviour.kind} is handled by the server core`
				);
		}
	}
};

/** OpenRouter's Image API (`POST /api/v1/images`), providers.md §1c. */
export const openRouterImagesDialect: FakeDialect = {
	name: 'openrouter-images',
	matches: (path) => path === '/api/v1/images',
	isAuthorised: openRouterChatDialect.isAuthorised,
	unauthorised: openRouterChatDialect.unauthorised,
	reply(behaviour: FakeBehaviour, context: FakeReplyContext): FakeReply {
		const requested = Number((context.call.body as { n?: unknown } | null)?.n ?? 1);
		const images = (b64: string, count: number) =>
			Array.from({ length: count }, () => ({ b64_json: b64, media_type: 'image/png' }));
		const answer = (data: unknown[], cost = 0.04) =>
			json(200, {
				created: Math.floor(Date.now() / 1000),
				data,
				usage: { prompt_tokens: 10, completion_tokens: 1290, total_tokens: 1300, cost }
			});
		switch (behaviour.kind) {
			case 'image':
				return answer(images(context.imageBase64, behaviour.count ?? requested), behaviour.cost);
			case 'text-only':
				return answer([]);
			case 'truncated-image':
				return answer(images(truncatedPngBase64(), 1));
			case 'url':
			case 'redirect-to-loopback':
				return answer([{ url: urlAnswer(behaviour, context.origin) }]);
			case 'safety':
			case 'blocked-prompt':
				return json(
					400,
					errorBody(400, 'Request blocked by content policy', {
						error_type: 'content_policy_violation'
					})
				);
			case 'status':
				return statusReply(behaviour, (status) => errorBody(status));
			case '500':
				return json(502, errorBody(502, 'Generation did not complete'));
			default:
				throw new Error(
					`openrouter-images: behaviour ${behaviour.kind} is handled by the server core`
				);
		}
	}
};

/** OpenRouter's moderation error body (403 with metadata.reasons), for scripting `status`. */
export function openRouterModerationBody(reasons: string[] = ['violence']) {
	return errorBody(403, 'Your input was flagged', {
		reasons,
		flagged_input: 'a flagged prompt',
		provider_name: 'fake',
		model_slug: 'fake/model'
	});
}

/** An OpenRouter error body with `metadata.error_type`, for scripting `status`. */
export function openRouterTypedErrorBody(
	status: number,
	errorType: string,
	message = 'Upstream error'
) {
	return errorBody(status, message, { error_type: errorType, provider_code: 'X' });
}
