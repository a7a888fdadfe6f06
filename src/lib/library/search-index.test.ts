import { describe, expect, it } from 'vitest';
import { makePrompt } from '../testing/factories';
import { EMPTY_QUERY, PromptIndex, type LibraryQuery } from './search-index';

const rows = [
	makePrompt({
		id: 'fox',
		title: 'Red fox',
		text: 'a red fox in the snow',
		tags: ['animal', 'winter'],
		category: 'Nature',
		usageCount: 5,
		updatedAt: 100
	}),
	makePrompt({
		id: 'city',
		title: 'Neon city',
		text: 'cyberpunk street at night, neon',
		tags: ['night'],
		category: 'Urban',
		usageCount: 9,
		updatedAt: 300,
		favourite: true
	}),
	makePrompt({
		id: 'cafe',
		title: 'Café',
		text: '清晨的咖啡馆，阳光',
		tags: ['咖啡'],
		category: 'Urban',
		usageCount: 1,
		updatedAt: 200,
		lastUsedAt: 400
	}),
	makePrompt({ id: 'gone', title: 'Deleted fox', text: 'fox', deletedAt: 500 }),
	makePrompt({ id: 'emptied', title: 'Emptied', text: 'x', deletedAt: 500, discardedAt: 600 })
];

function search(sut: PromptIndex, query: Partial<LibraryQuery>): string[] {
	return sut.search({ ...EMPTY_QUERY, ...query }).map((row) => row.id);
}

describe('PromptIndex', () => {
	const sut = new PromptIndex();
	sut.update(rows);

	it('finds prompts by any word of title, text or tags, ignoring case and accents', () => {
		expect(search(sut, { text: 'FOX' })).toEqual(['fox']);
		expect(search(sut, { text: 'cafe' })).toEqual(['cafe']);
		expect(search(sut, { text: 'winter red' })).toEqual(['fox']);
		expect(search(sut, { text: 'night' })).toEqual(['city']);
	});

	it('matches Chinese text inside a sentence without spaces', () => {
		expect(search(sut, { text: '咖啡' })).toEqual(['cafe']);
		expect(search(sut, { text: '阳光' })).toEqual(['cafe']);
	});

	it('narrows correctly as the person types and widens again on backspace', () => {
		expect(search(sut, { text: 'c' })).toEqual(['cafe', 'city']);
		expect(search(sut, { text: 'ci' })).toEqual(['city']);
		expect(search(sut, { text: 'cit' })).toEqual(['city']);
		expect(search(sut, { text: 'c' })).toEqual(['cafe', 'city']);
	});

	it('filters by category, tag and favourites', () => {
		expect(search(sut, { category: 'Urban' })).toEqual(['cafe', 'city']);
		expect(search(sut, { tag: 'animal' })).toEqual(['fox']);
		expect(search(sut, { favouritesOnly: true })).toEqual(['city']);
		expect(search(sut, { category: 'Urban', text: 'neon' })).toEqual(['city']);
	});

	it('shows only styles ({prompt} in the text or the style tag) when asked, and narrows within them', () => {
		const styled = new PromptIndex();
		styled.update([
			...rows,
			makePrompt({
				id: 'wrap',
				title: 'Cinematic',
				text: 'cinematic still {PROMPT}',
				updatedAt: 50
			}),
			makePrompt({
				id: 'tagged',
				title: 'Film grain',
				text: 'film grain',
				tags: ['style'],
				updatedAt: 60
			})
		]);
		expect(search(styled, { stylesOnly: true })).toEqual(['tagged', 'wrap']);
		expect(search(styled, { stylesOnly: true, text: 'grain' })).toEqual(['tagged']);
		expect(search(styled, { stylesOnly: false, text: 'grain' })).toEqual(['tagged']);
		expect(search(styled, {})).toHaveLength(5);
	});

	it('sorts by recent use or edit, by most used, and A–Z', () => {
		expect(search(sut, { sort: 'recent' })).toEqual(['cafe', 'city', 'fox']);
		expect(search(sut, { sort: 'used' })).toEqual(['city', 'fox', 'cafe']);
		expect(search(sut, { sort: 'title' })).toEqual(['cafe', 'city', 'fox']);
	});

	it('keeps deleted prompts out of search and shows only un-emptied ones in the trash', () => {
		expect(search(sut, { text: 'deleted' })).toEqual([]);
		expect(sut.trash().map((row) => row.id)).toEqual(['gone']);
		expect(sut.size).toBe(3);
	});

	it('counts categories and tags of live prompts', () => {
		expect(sut.categories).toEqual([
			{ name: 'Urban', count: 2 },
			{ name: 'Nature', count: 1 }
		]);
		expect(sut.tags.map((t) => t.name)).toEqual(['animal', 'night', 'winter', '咖啡']);
	});

	it('suggests title matches before text matches for autocomplete', () => {
		const index = new PromptIndex();
		index.update([
			makePrompt({ id: 'text', title: 'Street', text: 'a portrait of a cat', usageCount: 50 }),
			makePrompt({ id: 'title', title: 'Portrait study', text: 'studio light', usageCount: 1 })
		]);
		expect(index.suggest('portr').map((row) => row.id)).toEqual(['title', 'text']);
		expect(index.suggest('   ')).toEqual([]);
	});

	it('gives the same results after patches as after a full rebuild', () => {
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const words = ['fox', 'city', 'snow', '夜景', 'neon', 'Ápple'];
		let all = Array.from({ length: 80 }, (_, i) =>
			makePrompt({
				id: `p${i}`,
				title: `${words[i % 6]} ${i}`,
				text: words[(i * 7) % 6],
				usageCount: i % 5,
				updatedAt: i,
				tags: [words[i % 3]],
				category: words[i % 2]
			})
		);
		const sut = new PromptIndex();
		sut.update(all);
		for (let step = 0; step < 60; step++) {
			const i = Math.floor(random() * all.length);
			const roll = random();
			const changed =
				roll < 0.15
					? { ...all[i], deletedAt: 100 + step }
					: roll < 0.2
						? { ...all[i], deletedAt: null }
						: {
								...all[i],
								title: `${words[Math.floor(random() * 6)]} ${step}`,
								usageCount: all[i].usageCount + 1,
								updatedAt: 100 + step,
								tags: [words[step % 6]]
							};
			const removed = roll > 0.97 ? [all[(i + 1) % all.length].id] : [];
			all = all
				.map((row) => (row.id === changed.id ? changed : row))
				.filter((row) => !removed.includes(row.id));
			sut.patch([changed], removed);
		}
		const rebuilt = new PromptIndex();
		rebuilt.update(all);
		for (const sort of ['recent', 'used', 'title'] as const) {
			for (const text of ['', 'fox', '夜', 'apple'])
				expect(search(sut, { sort, text })).toEqual(search(rebuilt, { sort, text }));
		}
		expect(sut.trash().map((r) => r.id)).toEqual(rebuilt.trash().map((r) => r.id));
		expect(sut.tags).toEqual(rebuilt.tags);
		expect(sut.categories).toEqual(rebuilt.categories);
	});

	it('reflects edits after an update', () => {
		const index = new PromptIndex();
		index.update(rows);
		index.update(
			rows.map((row) => (row.id === 'fox' ? { ...row, title: 'Arctic fox', updatedAt: 1000 } : row))
		);
		expect(search(index, { text: 'arctic' })).toEqual(['fox']);
		expect(search(index, { sort: 'recent' })[0]).toBe('fox');
	});
});
