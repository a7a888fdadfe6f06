/**
 * A style as picked (where it came from plus the texts to apply) and the record kept with each
 * image. Rune-free, so pure modules and unit tests can use it; selection.svelte.ts re-exports it.
 */
import type { AppliedStyle } from '../shared/schemas/generate';
import type { StyleSource } from './compose';

/** A style as picked: where it came from plus the texts to apply. `key` is `prompt:<id>` or `preset:<id>`. */
export interface PickedStyle extends StyleSource {
	key: string;
	promptId?: string;
	presetId?: string;
}

/** The record kept with each image (names and ids, not texts). */
export function appliedStyles(styles: readonly PickedStyle[]): AppliedStyle[] {
	return styles.map(({ name, promptId, presetId }) => ({
		name,
		...(promptId ? { promptId } : {}),
		...(presetId ? { presetId } : {})
	}));
}
