/**
 * What the gallery keeps in memory per image: a compact entry (no params, no receipt) with the
 * prompt folded once for search, so a filter or search change is one synchronous pass over the
 * entries instead of an IndexedDB query. Reads go through the repositories; nothing here writes.
 */
import type { StudioDB } from '../db/database';
import { listCollectionImageIds } from '../db/collection.repository';
import { forEachLiveImagePage, listGenerationIdsOfJob } from '../db/image.repository';
import { live, type LiveResult } from '../db/live';
import { fold } from '../library/search-index';
import type { ImageRow } from '../shared/schemas/rows';
import type { GalleryFilters } from './filters';

export interface GalleryEntry {
	id: string;
	createdAt: number;
	model: string;
	favourite: boolean;
	/** Image-to-image: made from source images. */
	hasSources: boolean;
	generationId: string | null;
	prompt: string;
	/** The prompt folded by {@link fold} (lower case, accents and width variants removed). */
	folded: string;
	sha256: string;
	thumbSha256: string;
	width: number;
	height: number;
}

/** The images a view is limited to before the entry filters run; null = not limited. */
export interface GalleryScope {
	/** The filters this scope was loaded for (a live scope may lag a filter change). */
	collection: string | null;
	batch: string | null;
	members: ReadonlySet<string> | null;
	generations: ReadonlySet<string> | null;
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included, on purpose
const ASCII = /^[\x00-\x7f]*$/;

/** {@link fold}, with a fast path for plain ASCII (most prompts), where it is just lower case. */
function foldPrompt(text: string): string {
	return ASCII.test(text) ? text.toLowerCase() : fold(text);
}

/** Folded prompts from earlier loads, per database: folding 50,000 prompts again on every change would cost a long task. */
type FoldCache = Map<string, { prompt: string; folded: string }>;
const foldCache = new WeakMap<StudioDB, FoldCache>();

/** The entry of one row (its folded prompt reused while the prompt is unchanged). */
export function toGalleryEntry(db: StudioDB, row: ImageRow): GalleryEntry {
	let cache = foldCache.get(db);
	if (!cache) foldCache.set(db, (cache = new Map() as FoldCache));
	return toEntry(row, cache);
}

function toEntry(
	row: ImageRow,
	cache: Map<string, { prompt: string; folded: string }>
): GalleryEntry {
	let cached = cache.get(row.id);
	if (!cached || cached.prompt !== row.prompt) {
		cached = { prompt: row.prompt, folded: foldPrompt(row.prompt) };
		cache.set(row.id, cached);
	}
	return {
		id: row.id,
		createdAt: row.createdAt,
		model: row.model,
		favourite: row.favourite,
		hasSources: row.sourceHashes.length > 0,
		generationId: row.generationId,
		prompt: row.prompt,
		folded: cached.folded,
		sha256: row.sha256,
		thumbSha256: row.thumbSha256,
		width: row.width,
		height: row.height
	};
}

/** Newest first; equal times by id (UUIDv7, so creation order) for a stable order. */
export function newestFirst(a: GalleryEntry, b: GalleryEntry): number {
	return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Every image not in the trash as an entry, newest first. */
export async function loadGalleryEntries(db: StudioDB): Promise<GalleryEntry[]> {
	let cache = foldCache.get(db);
	if (!cache) foldCache.set(db, (cache = new Map() as FoldCache));
	const entries: GalleryEntry[] = [];
	await forEachLiveImagePage(db, (rows) => {
		for (const row of rows) entries.push(toEntry(row, cache));
	});
	return entries.sort(newestFirst);
}

/** The members of the view's collection and the generations of its batch. */
export async function loadGalleryScope(
	db: StudioDB,
	filters: Pick<GalleryFilters, 'collection' | 'batch'>
): Promise<GalleryScope> {
	const [members, generations] = await Promise.all([
		filters.collection
			? listCollectionImageIds(db, filters.collection).then((ids) => new Set(ids))
			: null,
		filters.batch ? listGenerationIdsOfJob(db, filters.batch).then((ids) => new Set(ids)) : null
	]);
	return { collection: filters.collection, batch: filters.batch, members, generations };
}

/** {@link loadGalleryScope} as a live query. */
export function watchGalleryScope(
	db: StudioDB,
	filters: Pick<GalleryFilters, 'collection' | 'batch'>
): LiveResult<GalleryScope> {
	return live(() => loadGalleryScope(db, filters));
}
