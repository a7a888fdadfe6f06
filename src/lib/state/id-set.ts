/**
 * Copy-on-write id sets for selection state held in `$state.raw`: every change makes a new set and
 * replaces the old one, so a selection of 50,000 ids costs one signal per change, not one per id
 * (which a SvelteSet would). Plain .ts on purpose: these sets are values, never mutated once made.
 */

export function idSet(ids: Iterable<string> = []): ReadonlySet<string> {
	return new Set(ids);
}

/** `ids` with `id` in (`on`) or out. */
export function withId(ids: ReadonlySet<string>, id: string, on: boolean): ReadonlySet<string> {
	const next = new Set(ids);
	if (on) next.add(id);
	else next.delete(id);
	return next;
}

/** `ids` with `id` flipped. */
export function toggledId(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
	const next = new Set(ids);
	if (!next.delete(id)) next.add(id);
	return next;
}

/** `ids` plus `order[from..to]` (inclusive, either direction). */
export function withRange(
	ids: ReadonlySet<string>,
	order: readonly string[],
	from: number,
	to: number
): ReadonlySet<string> {
	const next = new Set(ids);
	for (let i = Math.min(from, to); i <= Math.max(from, to); i++) next.add(order[i]);
	return next;
}
