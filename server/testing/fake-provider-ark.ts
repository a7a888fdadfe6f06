/**
 * The fake provider's VolcEngine Ark dialect (`POST /api/v3/images/generations`, Seedream),
 * answering in the shapes of providers.md §3. Test-only.
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

interface ArkRequestBody {
	model?: string;
	response_format?: string;
	sequential_image_generation?: string;
	sequential_image_generation_options?: { max_images?: number };
}

function errorBody(code: string, message = 'Fake Ark error', type = 'BadRequest') {
	return { error: { code, message, param: '', type } };
}

function defaultError(status: number) {
	if (status === 401)
		return errorBody(
			'AuthenticationError',
			'The API key in the request is missing or invalid.',
			'Unauthorized'
		);
	if (status === 429)
		return errorBody(
			'RateLimitExceeded.EndpointRPMExceeded',
			'Too many requests',
			'TooManyRequests'
		);
	if (status >= 500)
		return errorBody(
			'InternalServiceError',
			'The service encountered an unexpected internal error.',
			'InternalServerError'
		);
	return errorBody('InvalidParameter', 'A parameter specified in the request is not valid');
}

function answer(context: FakeReplyContext, data: unknown[]): FakeReply {
	const body = (context.call.body ?? {}) as ArkRequestBody;
	return json(200, {
		model: body.model ?? 'doubao-seedream-4-0-250828',
		created: Math.floor(Date.now() / 1000),
		data,
		usage: {
			generated_images: data.length,
			output_tokens: 16384 * data.length,
			total_tokens: 16384 * data.length
		}
	});
}

/** VolcEngine Ark image generation: b64_json or url answers, group mode with max_images. */
export const arkDialect: FakeDialect = {
	name: 'ark',
	matches: (path) => path === '/api/v3/images/generations',
	isAuthorised: (headers, key) => header(headers, 'authorization') === `Bearer ${key}`,
	unauthorised: () => json(401, defaultError(401)),
	reply(behaviour: FakeBehaviour, context: FakeReplyContext): FakeReply {
		const body = (context.call.body ?? {}) as ArkRequestBody;
		const group =
			body.sequential_image_generation === 'auto'
				? (body.sequential_image_generation_options?.max_images ?? 15)
				: 1;
		switch (behaviour.kind) {
			case 'image': {
				const count = behaviour.count ?? group;
				const asUrl = body.response_format !== 'b64_json';
				const item = asUrl
					? { url: urlAnswer({ kind: 'url' }, context.origin) }
					: { b64_json: context.imageBase64 };
				return answer(
					context,
					Array.from({ length: count }, () => ({ ...item, size: '2048x2048' }))
				);
			}
			case 'url':
			case 'redirect-to-loopback':
				return answer(context, [{ url: urlAnswer(behaviour, context.origin), size: '2048x2048' }]);
			case 'text-only':
				return answer(context, []);
			case 'truncated-image':
				return answer(context, [{ b64_json: truncatedPngBase64(), size: '2048x2048' }]);
			case 'safety':
				return json(
					400,
					errorBody(
						'OutputImageSensitiveContentDetected',
						'The generated image may contain sensitive information.'
					)
				);
			case 'blocked-prompt':
				return json(
					400,
					errorBody(
						'InputTextSensitiveContentDetected',
						'The input text may contain sensitive information.'
					)
				);
			case 'status':
				return statusReply(behaviour, defaultError);
			case '500':
				return json(500, defaultError(500));
			default:
				throw new Error(`ark: behaviour ${behaviour.kind} is handled by the server core`);
		}
	}
};
