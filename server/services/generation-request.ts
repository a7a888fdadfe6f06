/**
 * Checks a submit against the chosen model's capabilities before anything is reserved, and
 * fingerprints it so the same id reused for a different request is refused.
 */
import { createHash } from 'node:crypto';
import type { PublicModel } from '#shared/schemas/catalogue';
import type { SubmitGenerationInput } from '#shared/schemas/generate';
import { relayError } from '../trpc/errors';

/** A catalogue entry as the relay holds it. */
export type RelayModel = PublicModel & { upstreamId: string };

/** Throws a clear BAD_REQUEST-class error for anything the model cannot take. */
export function validateAgainstModel(model: RelayModel, input: SubmitGenerationInput): void {
	const caps = model.capabilities;
	const prompt = input.prompt.trim();
	if (prompt.length === 0) throw relayError('PROMPT_EMPTY', 'The prompt is empty.');
	if (prompt.length > caps.maxPromptLength) {
		throw relayError('PROMPT_TOO_LONG', `The prompt is longer than ${caps.maxPromptLength} characters, the limit of ${model.label}.`);
	}
	const p = input.params;
	const refuse = (what: string) => relayError('PARAM_NOT_SUPPORTED', `${model.label} does not support ${what}.`);
	if (!caps.aspectRatios.includes(p.aspectRatio)) throw refuse(`the aspect ratio ${p.aspectRatio}`);
	if (p.size !== undefined && !caps.sizes.includes(p.size)) throw refuse(`the size ${p.size}`);
	if (p.seed !== undefined && !caps.seed) throw refuse('a seed');
	if (p.negativePrompt && !caps.negativePrompt) throw refuse('a negative prompt');
	if (p.strength !== undefined && !caps.strength) throw refuse('a strength setting');
	const sources = input.sourceHashes.length;
	if (sources === 0 && !caps.textToImage) throw refuse('text-to-image (add a source image)');
	if (sources > 0 && !caps.imageToImage) throw refuse('source images');
	if (sources > caps.maxSourceImages) throw refuse(`more than ${caps.maxSourceImages} source images`);
}

/** A stable fingerprint of what was asked (key order does not matter). */
export function requestFingerprint(input: SubmitGenerationInput): string {
	const params = Object.fromEntries(Object.entries(input.params).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
	const canonical = JSON.stringify([input.model, input.prompt.trim(), params, input.sourceHashes]);
	return createHash('sha256').update(canonical).digest('hex');
}
