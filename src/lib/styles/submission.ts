/**
 * What a generation sends once styles are picked: the final prompt (the typed one wrapped by each
 * style in order), the merged negative prompt (only for a model that takes one), and the record of
 * what was applied (`params.styles`, `params.typedPrompt`, provenance only). Pure; no I/O.
 */
import type { GenerationParams } from '../shared/schemas/generate';
import { applyStyles } from './compose';
import { appliedStyles, type PickedStyle } from './picked';

/** The typed side of a submission: what the person wrote and the parameters the model takes. */
export interface TypedRequest {
	prompt: string;
	negativePrompt: string;
	/** Parameters limited to the model (negativePrompt among them only when it takes one). */
	params: GenerationParams;
	supportsNegativePrompt: boolean;
}

/** The prompt and parameters to send. Without styles, exactly the typed request. */
export function styledRequest(
	typed: TypedRequest,
	styles: readonly PickedStyle[]
): { prompt: string; params: GenerationParams } {
	const prompt = typed.prompt.trim();
	if (styles.length === 0) return { prompt, params: typed.params };
	const final = applyStyles(
		{ prompt, negativePrompt: typed.supportsNegativePrompt ? typed.negativePrompt : '' },
		styles
	);
	const { negativePrompt: _typedNegative, ...rest } = typed.params;
	return {
		prompt: final.prompt,
		params: {
			...rest,
			...(typed.supportsNegativePrompt && final.negativePrompt
				? { negativePrompt: final.negativePrompt }
				: {}),
			styles: appliedStyles(styles),
			typedPrompt: prompt
		}
	};
}
