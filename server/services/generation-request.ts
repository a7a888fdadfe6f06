/**
 * Checks a submit against the chosen model's capabilities before anything is reserved, prices it,
 * fingerprints it so the same id reused for a different request is refused, and turns a stored
 * generation into the provider request (so every parameter the relay accepts reaches the adapter).
 */
import { createHash } from 'node:crypto';
import { priceFor, type PublicModel } from '#shared/schemas/catalogue';
import type { GenerationParams, SubmitGenerationInput } from '#shared/schemas/generate';
import { appError } from './app-error';
import type { ImageRequest, SourceImage } from '../providers/provider';

/** A catalogue entry as the relay holds it. */
export type RelayModel = PublicModel & { upstreamId: string };

/** Tolerance for strength values on the model's step grid (0.05 steps arrive as 0.30000000000000004). */
const STEP_EPSILON = 1e-6;

/**
 * Throws a clear PARAM_NOT_SUPPORTED (or PROMPT_*) error for anything the model cannot take, so a
 * request is refused before any credit is reserved.
 */
export function validateAgainstModel(model: RelayModel, input: SubmitGenerationInput): void {
	const caps = model.capabilities;
	const prompt = input.prompt.trim();
	if (prompt.length === 0) throw appError('PROMPT_EMPTY', 'The prompt is empty.');
	if (prompt.length > caps.maxPromptLength) {
		throw appError(
			'PROMPT_TOO_LONG',
			`The prompt is longer than ${caps.maxPromptLength} characters, the limit of ${model.label}.`
		);
	}
	const p = input.params;
	const refuse = (what: string) =>
		appError('PARAM_NOT_SUPPORTED', `${model.label} does not support ${what}.`);
	const oneOf = (list: readonly string[]) => (list.length ? ` (it takes ${list.join(', ')})` : '');
	if (!caps.aspectRatios.includes(p.aspectRatio))
		throw refuse(`the aspect ratio ${p.aspectRatio}${oneOf(caps.aspectRatios)}`);
	if (p.size !== undefined && !caps.sizes.includes(p.size))
		throw refuse(`the size ${p.size}${oneOf(caps.sizes)}`);
	if (p.quality !== undefined && !caps.qualities.includes(p.quality))
		throw refuse(`the quality ${p.quality}${oneOf(caps.qualities)}`);
	if (p.seed !== undefined && !caps.seed) throw refuse('a seed');
	if (p.negativePrompt && !caps.negativePrompt) throw refuse('a negative prompt');
	const sources = input.sourceHashes.length;
	if (sources === 0 && !caps.textToImage) throw refuse('text-to-image (add a source image)');
	if (sources > 0 && !caps.imageToImage) throw refuse('source images');
	if (sources > caps.maxSourceImages)
		throw refuse(`more than ${caps.maxSourceImages} source images`);
	if (p.strength !== undefined) {
		const range = caps.strength;
		if (!range) throw refuse('a strength setting');
		if (sources === 0)
			throw appError(
				'PARAM_NOT_SUPPORTED',
				'Strength applies only to image-to-image: add a source image or leave it out.'
			);
		if (p.strength < range.min - STEP_EPSILON || p.strength > range.max + STEP_EPSILON) {
			throw appError(
				'PARAM_NOT_SUPPORTED',
				`The strength of ${model.label} must be between ${range.min} and ${range.max}.`
			);
		}
		const steps = (p.strength - range.min) / range.step;
		if (Math.abs(steps - Math.round(steps)) > STEP_EPSILON / range.step) {
			throw appError(
				'PARAM_NOT_SUPPORTED',
				`The strength of ${model.label} moves in steps of ${range.step}.`
			);
		}
	}
}

/** Credits one image costs: the model's price for the chosen size and quality. */
export function priceOfRequest(
	model: RelayModel,
	input: Pick<SubmitGenerationInput, 'params'>
): number {
	return priceFor(model, input.params);
}

/** A stable fingerprint of what was asked (key order does not matter). */
export function requestFingerprint(input: SubmitGenerationInput): string {
	const params = Object.fromEntries(
		Object.entries(input.params)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => a.localeCompare(b))
	);
	const canonical = JSON.stringify([input.model, input.prompt.trim(), params, input.sourceHashes]);
	return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The provider request for one stored generation: exactly one image (one generation is one image,
 * see server/providers/CONTEXT.md), every accepted parameter, and the model's output flags.
 */
export function imageRequestFor(
	model: RelayModel,
	generation: { id: string; prompt: string; params: unknown },
	sources: SourceImage[]
): ImageRequest {
	const params = generation.params as GenerationParams;
	return {
		upstreamModel: model.upstreamId,
		prompt: generation.prompt,
		...(params.negativePrompt ? { negativePrompt: params.negativePrompt } : {}),
		aspectRatio: params.aspectRatio,
		...(params.size === undefined ? {} : { size: params.size }),
		...(params.quality === undefined ? {} : { quality: params.quality }),
		...(params.seed === undefined ? {} : { seed: params.seed }),
		...(params.strength === undefined ? {} : { strength: params.strength }),
		textOutput: model.capabilities.textOutput,
		sources,
		requestId: generation.id
	};
}
