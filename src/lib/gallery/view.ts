/**
 * The filter model applied to in-memory entries: pure and synchronous, shared by the grid (on
 * every filter change) and `queryGalleryIds` (the viewer's previous/next), so both agree.
 */
import { queryTerms } from '../library/search-index';
import type { GalleryEntry, GalleryScope } from './entries';
import type { GalleryFilters, GalleryShape } from './filters';

/** Start of a local day `YYYY-MM-DD` in ms; `offsetDays` 1 = the next day's start. */
export function dayStart(day: string, offsetDays = 0): number {
	const [year, month, date] = day.split('-').map(Number);
	return new Date(year, month - 1, date + offsetDays).getTime();
}

/** The shape of a picture from its size (within 2 % counts as square). */
export function shapeOf(width: number, height: number): GalleryShape {
	const ratio = width / Math.max(1, height);
	if (Math.abs(ratio - 1) <= 0.02) return 'square';
	return ratio < 1 ? 'portrait' : 'landscape';
}

/** The entries in the view, in display order. `entries` must be newest first (as loaded). */
export function applyGalleryFilters(
	entries: readonly GalleryEntry[],
	filters: GalleryFilters,
	scope: GalleryScope
): GalleryEntry[] {
	const terms = queryTerms(filters.q);
	const from = filters.from ? dayStart(filters.from) : -Infinity;
	const to = filters.to ? dayStart(filters.to, 1) : Infinity;
	const { members, generations } = scope;
	const hits = entries.filter(
		(entry) =>
			entry.createdAt >= from &&
			entry.createdAt < to &&
			(!filters.favourites || entry.favourite) &&
			(!filters.model || entry.model === filters.model) &&
			(!filters.kind || entry.hasSources === (filters.kind === 'image')) &&
			(!filters.shape || shapeOf(entry.width, entry.height) === filters.shape) &&
			(!members || members.has(entry.id)) &&
			(!generations || (entry.generationId !== null && generations.has(entry.generationId))) &&
			terms.every((term) => entry.folded.includes(term))
	);
	return filters.sort === 'oldest' ? hits.reverse() : hits;
}
