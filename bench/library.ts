/**
 * Search latency of the library's in-memory index on 10k prompts (npm run bench:library).
 * Simulates typing: every prefix of several queries (English, Chinese, tags, no match), each
 * with and without filters, timed per keystroke. Prints median, p95 and worst.
 */
import { PromptIndex, EMPTY_QUERY, type LibraryQuery } from '../src/lib/library/search-index';
import type { PromptRow } from '../src/lib/shared/schemas/rows';

const COUNT = Number(process.env.PROMPTS ?? (process.env.BENCH_SMOKE ? 500 : 10_000));
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

const subjects = [
	'a red fox',
	'an old lighthouse',
	'a neon city street',
	'a bowl of ramen',
	'a portrait of a sailor',
	'a misty forest',
	'a cat on a windowsill',
	'a desert caravan',
	'一只在雪地里的狐狸',
	'雨后的上海外滩夜景',
	'清晨的咖啡馆'
];
const styles = [
	'watercolour',
	'oil painting',
	'cinematic lighting',
	'studio photo, 85mm',
	'isometric 3d render',
	'ukiyo-e woodblock',
	'水墨画风格',
	'赛博朋克',
	'pastel palette',
	'film grain, kodak portra'
];
const tags = [
	'animal',
	'city',
	'night',
	'food',
	'portrait',
	'nature',
	'winter',
	'retro',
	'夜景',
	'人像',
	'product',
	'concept'
];
const categories = ['Nature', 'Urban', 'People', 'Food', 'Design', '风景', ''];

function makeRows(count: number): PromptRow[] {
	const now = 1_700_000_000_000;
	return Array.from({ length: count }, (_, i) => {
		const text = `${pick(subjects)}, ${pick(styles)}, ${pick(styles)}, detailed, high quality, variation ${i}. ${'extra descriptive words '.repeat(Math.floor(random() * 8))}`;
		return {
			id: `p${i}`,
			title: `${pick(subjects)} #${i}`,
			text,
			negativePrompt: random() < 0.3 ? 'blurry, low quality' : '',
			category: pick(categories),
			tags: [pick(tags), pick(tags)].filter((t, j, all) => all.indexOf(t) === j),
			favourite: random() < 0.1,
			usageCount: Math.floor(random() * 50),
			model: null,
			params: null,
			lastUsedAt: null,
			discardedAt: null,
			createdAt: now - i * 60_000,
			updatedAt: now - i * 30_000,
			deletedAt: null
		};
	});
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

const rows = makeRows(COUNT);
const index = new PromptIndex();
const t0 = performance.now();
index.update(rows);
const buildMs = performance.now() - t0;
// What a live query re-emits after one edit: every row object is new (structured clones).
const reindex = (change: (row: PromptRow) => PromptRow) => {
	const next = rows.map((row, i) => (i === 5 ? change(row) : { ...row }));
	const start = performance.now();
	index.update(next);
	return performance.now() - start;
};
const favouriteMs = reindex((row) => ({ ...row, favourite: !row.favourite }));
const renameMs = reindex((row) => ({ ...row, title: 'edited', updatedAt: row.updatedAt + 1 }));
// What the app does after a write: patch only the rows it touched (median of 50 edits).
const patchTimes = Array.from({ length: 50 }, (_, i) => {
	const row = rows[(i * 197) % rows.length];
	const start = performance.now();
	index.patch(
		[
			{
				...row,
				title: `${row.title} (edited)`,
				usageCount: row.usageCount + 1,
				updatedAt: row.updatedAt + 1
			}
		],
		[]
	);
	return performance.now() - start;
}).sort((a, b) => a - b);

const queries = [
	'fox snow',
	'neon city street',
	'watercolour',
	'雪地',
	'上海外滩夜景',
	'portrait 85mm',
	'zzzz no match',
	'variation 9999'
];
const filters: Partial<LibraryQuery>[] = [
	{},
	{ sort: 'title' },
	{ category: 'Urban' },
	{ tag: 'night', sort: 'used' },
	{ favouritesOnly: true }
];
const times: number[] = [];
let results = 0;
for (let round = 0; round < 3; round++) {
	for (const filter of filters) {
		for (const query of queries) {
			// Type the query one character at a time, then delete it again.
			const steps = [
				...Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1)),
				...Array.from({ length: query.length }, (_, i) => query.slice(0, query.length - i - 1))
			];
			for (const text of steps) {
				const start = performance.now();
				results += index.search({ ...EMPTY_QUERY, ...filter, text }).length;
				times.push(performance.now() - start);
			}
		}
	}
}
const suggestTimes: number[] = [];
for (const query of queries) {
	for (let i = 1; i <= query.length; i++) {
		const start = performance.now();
		index.suggest(query.slice(0, i), 8);
		suggestTimes.push(performance.now() - start);
	}
}
times.sort((a, b) => a - b);
suggestTimes.sort((a, b) => a - b);
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
console.log(
	`library search on ${COUNT.toLocaleString('en')} prompts (${times.length} keystrokes, ${results} hits in total)`
);
console.log(
	`  index build ${fmt(buildMs)}   full re-index after a favourite toggle ${fmt(favouriteMs)}, after a rename ${fmt(renameMs)}`
);
console.log(
	`  patch after one edit (what the app does)  median ${fmt(percentile(patchTimes, 0.5))}   worst ${fmt(patchTimes[patchTimes.length - 1])}`
);
console.log(
	`  search  median ${fmt(percentile(times, 0.5))}   p95 ${fmt(percentile(times, 0.95))}   worst ${fmt(times[times.length - 1])}`
);
console.log(
	`  suggest median ${fmt(percentile(suggestTimes, 0.5))}   p95 ${fmt(percentile(suggestTimes, 0.95))}   worst ${fmt(suggestTimes[suggestTimes.length - 1])}`
);
