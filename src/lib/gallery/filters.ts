/**
 * The gallery's view: which images, in which order. Lives in the URL (`/gallery?q=…&sort=oldest`),
 * so a view can be bookmarked, shared between tabs, and carried into the viewer for previous/next.
 *
 * CONTRACT between the grid (owns this file) and the viewer (uses parse/serialize + queryGalleryIds).
 * Matching itself is pure (`matchesFilters`, `applyGalleryFilters` in view.ts) so the grid filters
 * its in-memory entries synchronously and the viewer's one-shot query gives the same order.
 */
import type { StudioDB } from '../db/database';
import type { LiveResult } from '../db/live';
import { loadGalleryScope } from './entries';
import { galleryIndexFor } from './gallery-index';
import { applyGalleryFilters } from './view';

export const GALLERY_SORTS = ['newest', 'oldest'] as const;
export type GallerySort = (typeof GALLERY_SORTS)[number];

/** Image-to-image (has sources) or text-to-image (none). */
export const GALLERY_KINDS = ['text', 'image'] as const;
export type GalleryKind = (typeof GALLERY_KINDS)[number];

/** Shape from the pixel size, so imported images filter the same way as generated ones. */
export const GALLERY_SHAPES = ['square', 'portrait', 'landscape'] as const;
export type GalleryShape = (typeof GALLERY_SHAPES)[number];

export interface GalleryFilters {
	sort: GallerySort;
	/** Words that must all occur in the prompt (substring match, so Chinese works); '' = any. */
	q: string;
	/** Model id, or null for any. */
	model: string | null;
	/** First and last local day included, `YYYY-MM-DD`, or null for open-ended. */
	from: string | null;
	to: string | null;
	favourites: boolean;
	/** Collection id, or null for the whole gallery. */
	collection: string | null;
	/** Batch (job) id, or null. */
	batch: string | null;
	kind: GalleryKind | null;
	shape: GalleryShape | null;
}

export const DEFAULT_FILTERS: GalleryFilters = {
	sort: 'newest',
	q: '',
	model: null,
	from: null,
	to: null,
	favourites: false,
	collection: null,
	batch: null,
	kind: null,
	shape: null
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 500;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
	return values.includes(value as T) ? (value as T) : null;
}

function text(params: URLSearchParams, key: string): string | null {
	const value = params.get(key)?.trim().slice(0, MAX_TEXT);
	return value ? value : null;
}

function day(params: URLSearchParams, key: string): string | null {
	const value = params.get(key);
	return value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

/** Reads a view from URL search params; unknown or bad values fall back to the defaults. */
export function parseGalleryFilters(params: URLSearchParams): GalleryFilters {
	return {
		sort: oneOf(GALLERY_SORTS, params.get('sort')) ?? 'newest',
		q: text(params, 'q') ?? '',
		model: text(params, 'model'),
		from: day(params, 'from'),
		to: day(params, 'to'),
		favourites: params.get('fav') === '1',
		collection: text(params, 'collection'),
		batch: text(params, 'batch'),
		kind: oneOf(GALLERY_KINDS, params.get('kind')),
		shape: oneOf(GALLERY_SHAPES, params.get('shape'))
	};
}

/** The search string (without `?`, empty for the default view) that {@link parseGalleryFilters} reads back. */
export function galleryQueryString(filters: GalleryFilters): string {
	const params = new URLSearchParams();
	const q = filters.q.trim();
	if (q) params.set('q', q);
	if (filters.model) params.set('model', filters.model);
	if (filters.from) params.set('from', filters.from);
	if (filters.to) params.set('to', filters.to);
	if (filters.favourites) params.set('fav', '1');
	if (filters.collection) params.set('collection', filters.collection);
	if (filters.batch) params.set('batch', filters.batch);
	if (filters.kind) params.set('kind', filters.kind);
	if (filters.shape) params.set('shape', filters.shape);
	if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
	return params.toString();
}

/** True when anything but the sort narrows the view (for "Clear filters" and the empty message). */
export function isFiltered(filters: GalleryFilters): boolean {
	return galleryQueryString({ ...filters, sort: DEFAULT_FILTERS.sort }) !== '';
}

/** Ids of the images in the view (not trashed), in display order. */
export async function queryGalleryIds(db: StudioDB, filters: GalleryFilters): Promise<string[]> {
	const [entries, scope] = await Promise.all([
		galleryIndexFor(db).entries(),
		loadGalleryScope(db, filters)
	]);
	return applyGalleryFilters(entries, filters, scope).map((entry) => entry.id);
}

/**
 * {@link queryGalleryIds} kept current: it re-runs whenever the gallery index publishes a change
 * (a delete, a favourite, a synced image). A Dexie live query cannot do this, because a warm
 * index answers from memory without reading any table.
 */
export function watchGalleryIds(db: StudioDB, filters: GalleryFilters): LiveResult<string[]> {
	return {
		subscribe(observer) {
			let latest = 0;
			const run = () => {
				const mine = ++latest;
				queryGalleryIds(db, filters).then(
					(ids) => mine === latest && observer.next(ids),
					(error: unknown) => observer.error?.(error)
				);
			};
			const index = galleryIndexFor(db);
			// A warm index calls back at once; a cold one is started by this first query.
			const unsubscribe = index.subscribe(run);
			if (!index.snapshot) run();
			return { unsubscribe: () => void unsubscribe() };
		}
	};
}
