/**
 * Which gallery images are selected, as a rune: click toggles, shift-click adds the range from the
 * last clicked tile (the anchor) in display order, "select all" takes the whole current view.
 * UI state only; the set is replaced, not mutated, so 50,000 ids cost one signal, not 50,000.
 */
import { idSet, toggledId, withRange } from './id-set';

export class Selection {
	ids = $state.raw<ReadonlySet<string>>(idSet());
	/** The tile a shift-click range starts from. */
	anchor = $state<string | null>(null);

	get size(): number {
		return this.ids.size;
	}

	has(id: string): boolean {
		return this.ids.has(id);
	}

	toggle(id: string): void {
		this.ids = toggledId(this.ids, id);
		this.anchor = id;
	}

	/** Selects from the anchor to `id` (inclusive) in `order`; without an anchor, just `id`. */
	selectRange(order: readonly string[], id: string): void {
		const from = this.anchor ? order.indexOf(this.anchor) : -1;
		const to = order.indexOf(id);
		if (from < 0 || to < 0) return this.toggle(id);
		this.ids = withRange(this.ids, order, from, to);
		this.anchor = id;
	}

	set(ids: Iterable<string>): void {
		this.ids = idSet(ids);
	}

	/** Keeps only ids still in the view (after a filter change or a delete). */
	retain(visible: ReadonlySet<string>): void {
		if ([...this.ids].every((id) => visible.has(id))) return;
		this.ids = idSet([...this.ids].filter((id) => visible.has(id)));
	}

	clear(): void {
		if (this.ids.size > 0) this.ids = idSet();
		this.anchor = null;
	}
}
