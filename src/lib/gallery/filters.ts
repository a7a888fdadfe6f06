/**
 * The gallery's view: which images, in which order. Lives in the URL (`/gallery?q=…&sort=oldest`),
 * so a view can be bookmarked, shared between tabs, and carried into the viewer for previous/next.
 *
 * CONTRACT between the grid (owns this file) and the viewer (uses parse/serialize + queryGalleryIds).
 * The first version knows only the sort; the grid's work extends the fields and the query.
 */
import type { StudioDB } from '../db/database';
import { listImages } from '../db/image.repository';

export type GallerySort = 'newest' | 'oldest';

export interface GalleryFilters {
	sort: GallerySort;
}

export const DEFAULT_FILTERS: GalleryFilters = { sort: 'newest' };

/** Reads a view from URL search params; unknown or bad values fall back to the defaults. */
export function parseGalleryFilters(params: URLSearchParams): GalleryFilters {
	return { sort: params.get('sort') === 'oldest' ? 'oldest' : 'newest' };
}

/** The search string (without `?`, empty for the default view) that {@link parseGalleryFilters} reads back. */
export function galleryQueryString(filters: GalleryFilters): string {
	const params = new URLSearchParams();
	if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
	return params.toString();
}

/** Ids of the images in the view, in display order. */
export async function queryGalleryIds(db: StudioDB, filters: GalleryFilters): Promise<string[]> {
	const ids = (await listImages(db)).map((image) => image.id);
	return filters.sort === 'oldest' ? ids.reverse() : ids;
}
