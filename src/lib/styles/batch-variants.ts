/**
 * Styles as a Batch axis: prompts × style variants × count. Each picked style is one variant (the
 * prompt is made once per style, not stacked); "stack them all" makes the whole stack one variant.
 * Pure; no I/O.
 */
import type { GenerationParams } from '../shared/schemas/generate';
import type { PickedStyle } from './picked';
import { styledRequest, type TypedRequest } from './submission';

/** `each`: one variant per picked style. `stack`: one variant with every style, in order. */
export type StyleAxisMode = 'each' | 'stack';

/** The style variants of a batch: one empty variant (plain prompts) when no style is picked. */
export function styleVariants(
	styles: readonly PickedStyle[],
	mode: StyleAxisMode
): PickedStyle[][] {
	if (styles.length === 0) return [[]];
	return mode === 'stack' ? [[...styles]] : styles.map((style) => [style]);
}

/** One request of a batch before it becomes a job item: its own params only when styled. */
export interface StyledItem {
	prompt: string;
	params?: GenerationParams;
}

/**
 * The items for one typed prompt made `count` times under every variant (variant-major, so the
 * images of one style sit together). Unstyled items carry no params: they run with the job's.
 */
export function styledItemsFor(
	typed: TypedRequest,
	variants: readonly PickedStyle[][],
	count: number
): StyledItem[] {
	const items: StyledItem[] = [];
	for (const variant of variants) {
		const request =
			variant.length === 0 ? { prompt: typed.prompt.trim() } : styledRequest(typed, variant);
		for (let i = 0; i < count; i++) items.push({ ...request });
	}
	return items;
}

/** How many images a batch makes: every prompt's count under every variant. */
export function styledImageCount(
	lines: readonly { count: number }[],
	variants: readonly PickedStyle[][]
): number {
	return lines.reduce((sum, line) => sum + line.count, 0) * variants.length;
}

/**
 * The items of a prompt batch: prompt by prompt (in order), each under every variant `count`
 * times. `typed` gives the typed request of one prompt (the batch's negative and parameters).
 */
export function styledBatchItems(
	lines: readonly { prompt: string; count: number }[],
	variants: readonly PickedStyle[][],
	typed: (prompt: string) => TypedRequest
): StyledItem[] {
	return lines.flatMap((line) => styledItemsFor(typed(line.prompt), variants, line.count));
}
