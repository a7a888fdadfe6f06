// Styles used by the styles tests: one with a placeholder, one without, one for the Batch axis.
import type { PickedStyle } from './picked';

export const CINEMATIC: PickedStyle = {
	key: 'prompt:p-cine',
	promptId: 'p-cine',
	name: 'Cinematic',
	text: 'cinematic still of {prompt} . shallow depth of field, film grain',
	negativePrompt: 'cartoon, painting, blurry'
};
export const ARTSTATION: PickedStyle = {
	key: 'preset:s-art',
	presetId: 's-art',
	name: 'Artstation',
	text: 'trending on artstation, highly detailed',
	negativePrompt: 'blurry, lowres'
};
