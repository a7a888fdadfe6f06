/**
 * The styles picked for the next generation on Generate (in order). The library's "Use" on a style
 * adds to it instead of replacing the prompt; the Generate form reads it to compose the prompt.
 */
import { MAX_STYLES } from '../shared/schemas/generate';
import type { PickedStyle } from './picked';

// The type lives in a plain (rune-free) module so pure modules and unit tests can use it.
export { type PickedStyle } from './picked';

/** An ordered stack of picked styles (Generate has one, the Batch form another). */
export class StyleSelection {
	list = $state.raw<PickedStyle[]>([]);

	/** Adds a style at the end (once); returns false when it was already there or the stack is full. */
	add(style: PickedStyle): boolean {
		if (this.list.some((picked) => picked.key === style.key) || this.list.length >= MAX_STYLES)
			return false;
		this.list = [...this.list, style];
		return true;
	}

	remove(key: string): void {
		this.list = this.list.filter((picked) => picked.key !== key);
	}

	/** Moves a style one place earlier (-1) or later (+1) in the stack. */
	move(key: string, by: -1 | 1): void {
		const from = this.list.findIndex((picked) => picked.key === key);
		const to = from + by;
		if (from < 0 || to < 0 || to >= this.list.length) return;
		const next = [...this.list];
		[next[from], next[to]] = [next[to], next[from]];
		this.list = next;
	}

	set(styles: readonly PickedStyle[]): void {
		this.list = styles.slice(0, MAX_STYLES);
	}

	clear(): void {
		this.list = [];
	}
}

/** The Generate page's one style stack. */
export const styleSelection = new StyleSelection();
