/**
 * Where styles come from and how they are found again: library prompts and admin presets that are
 * styles become {@link PickedStyle}s; a search over them; and the styles an image recorded matched
 * back to the ones that still exist (Remix, a file read back). Pure; no I/O.
 */
import type { AppliedStyle } from '../shared/schemas/generate';
import type { PresetPrompt } from '../shared/schemas/presets';
import type { PromptRow } from '../shared/schemas/rows';
import { isStyle } from './compose';
import type { PickedStyle } from './picked';

/** A library prompt as a style (its title is the name shown and recorded). */
export function styleFromPrompt(
	row: Pick<PromptRow, 'id' | 'title' | 'text' | 'negativePrompt'>
): PickedStyle {
	return {
		key: `prompt:${row.id}`,
		promptId: row.id,
		name: row.title.trim() || row.text.slice(0, 60),
		text: row.text,
		negativePrompt: row.negativePrompt
	};
}

/** An admin preset as a style. */
export function styleFromPreset(
	preset: Pick<PresetPrompt, 'id' | 'title' | 'text' | 'negativePrompt'>
): PickedStyle {
	return {
		key: `preset:${preset.id}`,
		presetId: preset.id,
		name: preset.title,
		text: preset.text,
		negativePrompt: preset.negativePrompt
	};
}

/** The styles on offer: the person's own (live, not trashed) first, then the admin's, each that is a style. */
export function availableStyles(
	prompts: readonly PromptRow[],
	presets: readonly PresetPrompt[]
): PickedStyle[] {
	return [
		...prompts.filter((row) => row.deletedAt === null && isStyle(row)).map(styleFromPrompt),
		...presets.filter((preset) => isStyle(preset)).map(styleFromPreset)
	];
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/** The styles whose name or text holds every word of `query` (case and width folded), in order. */
export function searchStyles(styles: readonly PickedStyle[], query: string): PickedStyle[] {
	const words = fold(query).split(/\s+/).filter(Boolean);
	if (words.length === 0) return [...styles];
	return styles.filter((style) => {
		const haystack = fold(`${style.name}\n${style.text}`);
		return words.every((word) => haystack.includes(word));
	});
}

/**
 * The recorded styles as they exist now, in the recorded order: by library prompt or preset id,
 * else by name (a style re-imported under a new id). Null when any one is gone, because then the
 * typed prompt with fewer styles would not make the same image.
 */
export function resolveApplied(
	applied: readonly AppliedStyle[],
	available: readonly PickedStyle[]
): PickedStyle[] | null {
	const found: PickedStyle[] = [];
	for (const style of applied) {
		const match =
			(style.promptId && available.find((s) => s.promptId === style.promptId)) ||
			(style.presetId && available.find((s) => s.presetId === style.presetId)) ||
			available.find((s) => s.name === style.name);
		if (!match || found.some((s) => s.key === match.key)) return null;
		found.push(match);
	}
	return found;
}
