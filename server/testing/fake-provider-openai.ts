/**
 * The fake provider's OpenAI Images dialect (`POST /v1/images/generations` JSON and
 * `POST /v1/images/edits` multipart), answering in the shapes of providers.md §2. Test-only.
 */
import {
	header,
	json,
	statusReply,
	truncatedPngBase64,
	urlAnswer,
	type FakeBehaviour,
	type FakeDialect,
	type FakeMultipartBody,
	type FakeReply,
	type FakeReplyContext
} from './fake-provider-shared';

let counter = 0;

function errorBody(
	status: number,
	code: string | null = null,
	type = 'invalid_request_error',
	message = 'Fake OpenAI error'
) {
	return { error: { message: `${message} (${status})`, type, param: null, code } };
}

/** The default error of each status, shaped like OpenAI's. */
function defaultError(status: number) {
	if (status === 401)
		return errorBody(401, 'invalid_api_key', 'invalid_request_error', 'Incorrect API key provided');
	if (status === 429)
		return errorBody(429, 'rate_limit_exceeded', 'requests', 'Rate limit reached');
	if (status >= 500) return errorBody(status, null, 'server_error', 'The server had an error');
	return errorBody(status);
}

function requestedCount(context: FakeReplyContext): number {
	const body = context.call.body as ({ n?: unknown } & Partial<FakeMultipartBody>) | null;
	const n = body?.fields ? body.fields.n : body?.n;
	return Math.max(1, Number(Array.isArray(n) ? n[0] : (n ?? 1)) || 1);
}

function answer(data: unknown[]): FakeReply {
	return json(
		200,
		{
			created: Math.floor(Date.now() / 1000),
			data,
			output_format: 'png',
			size: '1024x1024',
			usage: {
				total_tokens: 4200,
				input_tokens: 50,
				output_tokens: 4150,
				input_tokens_details: { text_tokens: 50, image_tokens: 0 }
			}
		},
		{ 'x-request-id': `req_fake_${++counter}` }
	);
}

/** OpenAI Images: generations (JSON) and edits (multipart with `image[]`, optional `mask`). */
export const openAIImagesDialect: FakeDialect = {
	name: 'openai-images',
	matches: (path) => path === '/v1/images/generations' || path === '/v1/images/edits',
	isAuthorised: (headers, key) => header(headers, 'authorization') === `Bearer ${key}`,
	unauthorised: () => json(401, defaultError(401)),
	reply(behaviour: FakeBehaviour, context: FakeReplyContext): FakeReply {
		switch (behaviour.kind) {
			case 'image':
				return answer(
					Array.from({ length: behaviour.count ?? requestedCount(context) }, () => ({
						b64_json: context.imageBase64
					}))
				);
			case 'url':
			case 'redirect-to-loopback':
				return answer([{ url: urlAnswer(behaviour, context.origin) }]);
			case 'text-only':
				return answer([]);
			case 'truncated-image':
				return answer([{ b64_json: truncatedPngBase64() }]);
			case 'safety':
			case 'blocked-prompt':
				return json(400, {
					error: {
						message: 'Your request was rejected by the safety system.',
						type: 'image_generation_user_error',
						param: null,
						code: 'moderation_blocked'
					}
				});
			case 'status':
				return statusReply(behaviour, defaultError);
			case '500':
				return json(500, defaultError(500));
			default:
				throw new Error(`openai-images: behaviour ${behaviour.kind} is handled by the server core`);
		}
	}
};

/** OpenAI's quota flavour of 429 (must not be retried), for scripting `status`. */
export function openAIQuotaBody() {
	return errorBody(
		429,
		'insufficient_quota',
		'insufficient_quota',
		'You exceeded your current quota'
	);
}
