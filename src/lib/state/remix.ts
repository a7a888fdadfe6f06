/**
 * Fills the Generate form from an image (Remix) or from settings read out of a dropped file.
 * Kept apart from generate-form.svelte.ts so that file stays the form's own; this only calls it.
 * Styles come back through the Generate page's style restore ([Note: Style restore]).
 */
import type { RestoredSettings } from '../provenance/record';
import type { ImageRow } from '../shared/schemas/rows';
import { styleRestore } from '../styles/restore.svelte';
import { generateForm } from './generate-form.svelte';

/** Remix: the image's prompt, model, parameters (seed and negative prompt included) and sources. */
export function remixImage(
	image: Pick<ImageRow, 'prompt' | 'model' | 'params' | 'sourceHashes'>
): void {
	generateForm.reuse(image);
	generateForm.sourceHashes = [...image.sourceHashes];
	styleRestore.request(image);
}

/**
 * Settings from a file: prompt, negative prompt and parameters always; the model when this app
 * knows it (reuse() leaves the choice alone otherwise); sources only those given as available
 * (on this device), so a file from someone else cannot point the form at images we cannot read.
 */
export function applyRestoredSettings(
	settings: RestoredSettings,
	availableSources: readonly string[]
): void {
	generateForm.reuse({
		prompt: settings.prompt,
		model: settings.model,
		params: { ...settings.params, negativePrompt: settings.negativePrompt || undefined }
	});
	generateForm.sourceHashes = settings.sourceHashes.filter((sha256) =>
		availableSources.includes(sha256)
	);
	styleRestore.request(settings);
}
