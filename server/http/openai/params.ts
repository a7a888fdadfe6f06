/**
 * OpenAI images parameters → one of our submits (model, prompt, params) plus `n` and the answer
 * format. Everything the model cannot take is refused here with the parameter's name, before any
 * credit is reserved. Our extras (aspect_ratio, seed, negative_prompt, strength) ride along.
 */
import { ASPECT_RATIO_PIXELS, ASPECT_RATIOS, type AspectRatio } from '#shared/schemas/catalogue';
import { MAX_PROMPT_LENGTH, type GenerationParams } from '#shared/schemas/generate';
import type { RelayModel } from '../../services/generation-request';
import { badParam } from './errors';

export const MAX_N = 10;

export interface ImagesRequest {
	model: RelayModel;
	prompt: string;
	n: number;
	responseFormat: 'b64_json' | 'url';
	params: GenerationParams;
}

/** Fields OpenAI defines that we do not honour: accepted only at the value that changes nothing. */
const NEUTRAL: Record<string, readonly unknown[]> = {
	background: ['auto'],
	moderation: ['auto'],
	stream: [false, 'false'],
	style: [],
	output_format: [],
	output_compression: [],
	partial_images: [0, '0'],
	input_fidelity: [],
	mask: []
};
const KNOWN = new Set([
	'model',
	'prompt',
	'n',
	'size',
	'quality',
	'response_format',
	'user',
	'aspect_ratio',
	'seed',
	'negative_prompt',
	'strength'
]);

const str = (raw: unknown, param: string, max: number): string | undefined => {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'string') throw badParam(param, `'${param}' must be a string.`);
	if (raw.length > max) throw badParam(param, `'${param}' is longer than ${max} characters.`);
	return raw;
};

/** A number from JSON, or from a multipart text field. */
const num = (raw: unknown, param: string): number | undefined => {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const value = typeof raw === 'string' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value))
		throw badParam(param, `'${param}' must be a number.`);
	return value;
};

/** The aspect ratio a WxH size stands for, among the model's ratios (1 % tolerance). */
function ratioOfSize(
	width: number,
	height: number,
	allowed: readonly AspectRatio[]
): AspectRatio | undefined {
	const wanted = width / height;
	return allowed.find((r) => {
		const { width: w, height: h } = ASPECT_RATIO_PIXELS[r];
		return Math.abs(w / h - wanted) / wanted < 0.01;
	});
}

/**
 * Reads the fields of a generations (JSON) or edits (multipart) request against the models on
 * offer. `sourceCount` is how many images an edit carries (0 for generations).
 */
export function readImagesRequest(
	raw: Record<string, unknown>,
	models: RelayModel[],
	sourceCount: number
): ImagesRequest {
	for (const key of Object.keys(raw)) {
		if (KNOWN.has(key)) continue;
		const neutral = NEUTRAL[key];
		if (neutral?.includes(raw[key])) continue;
		throw badParam(
			key,
			neutral ? `'${key}' is not supported by this studio.` : `Unknown parameter: '${key}'.`,
			'PARAM_NOT_SUPPORTED'
		);
	}
	const modelId = str(raw.model, 'model', 200);
	if (!modelId) throw badParam('model', "'model' is required (GET /v1/models lists them).");
	const model = models.find((m) => m.id === modelId);
	if (!model)
		throw badParam(
			'model',
			`The model '${modelId}' does not exist or is not on offer (GET /v1/models lists them).`,
			'UNKNOWN_MODEL'
		);
	const caps = model.capabilities;
	const refuse = (param: string, what: string) =>
		badParam(param, `${model.label} does not support ${what}.`, 'PARAM_NOT_SUPPORTED');

	const prompt = (str(raw.prompt, 'prompt', MAX_PROMPT_LENGTH) ?? '').trim();
	if (!prompt) throw badParam('prompt', "'prompt' is required.", 'PROMPT_EMPTY');
	if (prompt.length > caps.maxPromptLength)
		throw badParam(
			'prompt',
			`The prompt is longer than ${caps.maxPromptLength} characters.`,
			'PROMPT_TOO_LONG'
		);

	const n = num(raw.n, 'n') ?? 1;
	if (!Number.isInteger(n) || n < 1 || n > MAX_N)
		throw badParam('n', `'n' must be an integer from 1 to ${MAX_N}.`);

	const responseFormat = str(raw.response_format, 'response_format', 20) ?? 'b64_json';
	if (responseFormat !== 'b64_json' && responseFormat !== 'url')
		throw badParam('response_format', "'response_format' must be 'b64_json' or 'url'.");
	str(raw.user, 'user', 256); // accepted for compatibility; we know the user from the key

	const params: GenerationParams = {
		aspectRatio: caps.aspectRatios.includes('1:1') ? '1:1' : caps.aspectRatios[0]
	};
	const size = str(raw.size, 'size', 32);
	if (size && size !== 'auto') {
		const wxh = /^(\d{2,5})x(\d{2,5})$/.exec(size);
		const ratio = wxh ? ratioOfSize(Number(wxh[1]), Number(wxh[2]), caps.aspectRatios) : undefined;
		if (caps.sizes.includes(size)) params.size = size;
		else if (ratio) params.aspectRatio = ratio;
		else
			throw refuse(
				'size',
				`the size '${size}' (it takes ${[...caps.sizes, ...caps.aspectRatios.map((r) => `${ASPECT_RATIO_PIXELS[r].width}x${ASPECT_RATIO_PIXELS[r].height}`)].join(', ')}, or 'auto')`
			);
	}
	const aspectRatio = str(raw.aspect_ratio, 'aspect_ratio', 8);
	if (aspectRatio !== undefined) {
		if (
			!(ASPECT_RATIOS as readonly string[]).includes(aspectRatio) ||
			!caps.aspectRatios.includes(aspectRatio as AspectRatio)
		) {
			throw refuse(
				'aspect_ratio',
				`the aspect ratio '${aspectRatio}' (it takes ${caps.aspectRatios.join(', ')})`
			);
		}
		params.aspectRatio = aspectRatio as AspectRatio;
	}
	const quality = str(raw.quality, 'quality', 32);
	if (quality && quality !== 'auto') {
		if (!caps.qualities.includes(quality))
			throw refuse(
				'quality',
				`the quality '${quality}'${caps.qualities.length ? ` (it takes ${caps.qualities.join(', ')}, or 'auto')` : ''}`
			);
		params.quality = quality;
	}
	const seed = num(raw.seed, 'seed');
	if (seed !== undefined) {
		if (!caps.seed) throw refuse('seed', 'a seed');
		if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
			throw badParam('seed', "'seed' must be an integer from 0 to 4294967295.");
		params.seed = seed;
	}
	const negative = str(raw.negative_prompt, 'negative_prompt', 4000);
	if (negative) {
		if (!caps.negativePrompt) throw refuse('negative_prompt', 'a negative prompt');
		params.negativePrompt = negative;
	}
	const strength = num(raw.strength, 'strength');
	if (strength !== undefined) {
		if (!caps.strength || sourceCount === 0) throw refuse('strength', 'a strength setting here');
		if (strength < caps.strength.min || strength > caps.strength.max)
			throw badParam(
				'strength',
				`'strength' must be from ${caps.strength.min} to ${caps.strength.max}.`
			);
		params.strength = strength;
	}
	if (sourceCount === 0 && !caps.textToImage)
		throw refuse('model', 'text-to-image (use /v1/images/edits with an image)');
	if (sourceCount > 0 && !caps.imageToImage) throw refuse('image', 'source images');
	if (sourceCount > caps.maxSourceImages)
		throw refuse('image', `more than ${caps.maxSourceImages} images`);
	return { model, prompt, n, responseFormat, params };
}
