/**
 * Bringing styles back with an image's settings (Remix, a file read back). The Generate form first
 * gets the final prompt, which makes the same image on its own; once the available styles are
 * known, a record whose styles all still exist turns back into the typed prompt plus those styles.
 * If any is gone the final prompt stays, with no styles. [Note: Style restore]
 */
import type { AppliedStyle } from '../shared/schemas/generate';
import { generateForm } from '../state/generate-form.svelte';
import { resolveApplied } from './style-sources';
import { styleSelection, type PickedStyle } from './selection.svelte';

interface PendingRestore {
	finalPrompt: string;
	typedPrompt: string;
	applied: AppliedStyle[];
}

class StyleRestore {
	pending = $state.raw<PendingRestore | null>(null);

	/**
	 * Called right after the form got an image's settings (its final prompt): clears the picked
	 * styles, and remembers the recorded ones to re-pick once the catalogue is ready.
	 */
	request(settings: {
		prompt: string;
		params: { styles?: AppliedStyle[]; typedPrompt?: string };
	}): void {
		styleSelection.clear();
		const { styles, typedPrompt } = settings.params;
		this.pending =
			styles?.length && typedPrompt !== undefined
				? { finalPrompt: settings.prompt, typedPrompt, applied: styles }
				: null;
	}

	/** Re-picks the pending styles from `available` (the catalogue, once ready). Returns whether it did. */
	settle(available: readonly PickedStyle[]): boolean {
		const pending = this.pending;
		if (!pending) return false;
		this.pending = null;
		// The person edited the prompt meanwhile: their text wins.
		if (generateForm.prompt !== pending.finalPrompt) return false;
		const found = resolveApplied(pending.applied, available);
		if (!found) return false;
		generateForm.prompt = pending.typedPrompt;
		styleSelection.set(found);
		return true;
	}
}

/** The one pending restore of the Generate page. */
export const styleRestore = new StyleRestore();
