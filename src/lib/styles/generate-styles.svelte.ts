/**
 * The Generate page's request with its styles applied: what the preview shows and what Generate
 * sends (final prompt, merged negative, the styles and typed prompt recorded). Reads the form and
 * the style stack; decides nothing else.
 */
import { generateForm } from '../state/generate-form.svelte';
import { styleSelection } from './selection.svelte';
import { styledRequest } from './submission';

/** The Generate form's request now: the final prompt and the parameters to send. */
export function generateRequest(): ReturnType<typeof styledRequest> {
	const form = generateForm;
	return styledRequest(
		{
			prompt: form.prompt,
			negativePrompt: form.negativePrompt,
			params: form.params(),
			supportsNegativePrompt: form.supportsNegativePrompt
		},
		styleSelection.list
	);
}

class StyledGenerate {
	request = $derived.by(generateRequest);
	hasStyles = $derived(styleSelection.list.length > 0);
	isTooLong = $derived(this.request.prompt.length > generateForm.maxPromptLength);
}

/** The live styled request of the Generate page (for the preview). */
export const styledGenerate = new StyledGenerate();
