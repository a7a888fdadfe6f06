import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { StudioDB } from '../db/database';
import { addToCollection, createCollection } from '../db/collection.repository';
import { putImages, setImageFavourite, trashImages } from '../db/image.repository';
import { createJob } from '../db/job.repository';
import { deleteTestDB, makeImage, makeTestDB } from '../testing/factories';
import {
	DEFAULT_FILTERS,
	GALLERY_KINDS,
	GALLERY_SHAPES,
	galleryQueryString,
	parseGalleryFilters,
	queryGalleryIds,
	type GalleryFilters
} from './filters';
import { dayStart } from './view';

const view = (overrides: Partial<GalleryFilters>): GalleryFilters => ({
	...DEFAULT_FILTERS,
	...overrides
});
const roundTrip = (filters: GalleryFilters) =>
	parseGalleryFilters(new URLSearchParams(galleryQueryString(filters)));

describe('gallery filters in the URL', () => {
	it('reads back every view it writes', () => {
		const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
		const word = fc
			.string({ minLength: 1, maxLength: 20 })
			.map((s) => s.trim())
			.filter((s) => s.length > 0);
		const day = fc
			.date({ min: new Date(2000, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true })
			.map((d) => d.toISOString().slice(0, 10));
		const filters = fc.record({
			sort: fc.constantFrom('newest' as const, 'oldest' as const),
			q: fc.oneof(fc.constant(''), word, fc.constant('海边 日落')),
			model: nullable(word),
			from: nullable(day),
			to: nullable(day),
			favourites: fc.boolean(),
			collection: nullable(word),
			batch: nullable(word),
			kind: nullable(fc.constantFrom(...GALLERY_KINDS)),
			shape: nullable(fc.constantFrom(...GALLERY_SHAPES))
		});
		fc.assert(
			fc.property(filters, (f) => {
				expect(roundTrip(f)).toEqual(f);
			})
		);
	});

	it('writes nothing for the default view and falls back to defaults on bad values', () => {
		expect(galleryQueryString(DEFAULT_FILTERS)).toBe('');
		const parsed = parseGalleryFilters(
			new URLSearchParams(
				'sort=sideways&fav=yes&kind=video&shape=round&from=2026-13-45&to=yesterday&q=%20%20'
			)
		);
		expect(parsed).toEqual(DEFAULT_FILTERS);
	});
});

describe('queryGalleryIds', () => {
	let db: StudioDB;
	beforeEach(() => {
		db = makeTestDB();
	});
	afterEach(() => deleteTestDB(db));

	const base = new Date(2026, 10, 1, 12).getTime();
	const HOUR = 3_600_000;

	/** 300 images: every 10th in Chinese, every 3rd on another model, every 7th image-to-image, every 5th portrait. */
	async function seed() {
		const rows = Array.from({ length: 300 }, (_, i) =>
			makeImage({
				createdAt: base + i * HOUR,
				prompt: i % 10 === 0 ? `海边的日落 ${i}` : `A Red Fox number ${i}`,
				model: i % 3 === 0 ? 'demo/photo' : 'demo/sketch',
				sourceHashes: i % 7 === 0 ? ['c'.repeat(64)] : [],
				width: i % 5 === 0 ? 768 : 1024,
				height: 1024
			})
		);
		await putImages(db, rows);
		return rows;
	}

	it('lists every image newest first by default, oldest first when asked, leaving the trash out', async () => {
		const rows = await seed();
		await trashImages(db, [rows[299].id, rows[0].id]);

		const newest = await queryGalleryIds(db, DEFAULT_FILTERS);
		const oldest = await queryGalleryIds(db, view({ sort: 'oldest' }));

		expect(newest).toHaveLength(298);
		expect(newest[0]).toBe(rows[298].id);
		expect(oldest[0]).toBe(rows[1].id);
		expect(oldest).toEqual([...newest].reverse());
	});

	it('stays current after favourites, deletes and new images without reading everything again', async () => {
		const rows = await seed();
		expect(await queryGalleryIds(db, view({ favourites: true }))).toEqual([]);

		await setImageFavourite(db, rows[3].id, true);
		await trashImages(db, [rows[299].id]);
		const added = makeImage({ createdAt: base + 1000 * HOUR, prompt: 'brand new' });
		await putImages(db, [added]);

		await vi.waitFor(async () => {
			expect(await queryGalleryIds(db, view({ favourites: true }))).toEqual([rows[3].id]);
			const all = await queryGalleryIds(db, DEFAULT_FILTERS);
			expect(all[0]).toBe(added.id);
			expect(all).toHaveLength(300);
			expect(all).not.toContain(rows[299].id);
		});
	});

	it('finds prompt words in any case, and Chinese by substring', async () => {
		const rows = await seed();

		const chinese = await queryGalleryIds(db, view({ q: '日落' }));
		const words = await queryGalleryIds(db, view({ q: 'fox  NUMBER 12' }));

		expect(chinese).toHaveLength(30);
		expect(new Set(chinese)).toEqual(new Set(rows.filter((_, i) => i % 10 === 0).map((r) => r.id)));
		// "12" is a substring of 12, 112, 120–129 (not 120: Chinese), 212: 1 + 1 + 9 + 1
		expect(words).toHaveLength(12);
	});

	it('combines model, kind, shape, date range and favourites', async () => {
		const rows = await seed();
		await setImageFavourite(db, rows[21].id, true);
		await setImageFavourite(db, rows[22].id, true);

		expect(await queryGalleryIds(db, view({ model: 'demo/photo' }))).toHaveLength(100);
		expect(await queryGalleryIds(db, view({ kind: 'image' }))).toHaveLength(43);
		expect(await queryGalleryIds(db, view({ kind: 'text' }))).toHaveLength(257);
		expect(await queryGalleryIds(db, view({ shape: 'portrait' }))).toHaveLength(60);
		expect(await queryGalleryIds(db, view({ model: 'demo/photo', kind: 'image' }))).toHaveLength(
			15
		); // multiples of 21
		expect(await queryGalleryIds(db, view({ favourites: true }))).toEqual([
			rows[22].id,
			rows[21].id
		]);
		// 2026-11-02 local: hours 12..35 after the start of Nov 1 12:00 → images 12..35
		const day = await queryGalleryIds(
			db,
			view({ from: '2026-11-02', to: '2026-11-02', sort: 'oldest' })
		);
		expect(day[0]).toBe(rows.find((r) => r.createdAt >= dayStart('2026-11-02'))?.id);
		expect(day).toHaveLength(24);
	});

	it('limits the view to a collection and to a batch', async () => {
		const rows = await seed();
		const collection = await createCollection(db, 'Foxes');
		await addToCollection(db, collection, [rows[5].id, rows[6].id]);
		const { items } = await createJob(db, {
			kind: 'prompts',
			name: 'Batch',
			model: 'demo/sketch',
			params: { aspectRatio: '1:1' },
			concurrency: 1,
			items: [{ prompt: 'one' }, { prompt: 'two' }]
		});
		const made = [
			makeImage({ generationId: items[0].id, createdAt: base - HOUR }),
			makeImage({ generationId: items[1].id, createdAt: base - 2 * HOUR })
		];
		await putImages(db, made);

		expect(await queryGalleryIds(db, view({ collection }))).toEqual([rows[6].id, rows[5].id]);
		expect(await queryGalleryIds(db, view({ collection: 'no-such-collection' }))).toEqual([]);
		expect(await queryGalleryIds(db, view({ batch: items[0].jobId }))).toEqual(
			made.map((r) => r.id)
		);
	});
});
