import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from '../../db/database';
import { createPrompts } from '../../db/prompt.repository';
import type { PromptRow } from '../../shared/schemas/rows';
import { deleteTestDB, makePrompt, makeTestDB } from '../../testing/factories';
import {
	detectFormat,
	exportPrompts,
	FORMATS,
	ImportFormatError,
	parseImport,
	type LibraryFormat
} from './index';
import { importDrafts } from '../import';

const BOM = '\uFEFF';

/** The fields a round trip must keep (ids are new on import). */
const content = (row: Partial<PromptRow>) => ({
	title: row.title,
	text: row.text,
	negativePrompt: row.negativePrompt,
	category: row.category,
	tags: row.tags,
	favourite: row.favourite,
	usageCount: row.usageCount,
	model: row.model,
	params: row.params,
	createdAt: row.createdAt,
	updatedAt: row.updatedAt,
	lastUsedAt: row.lastUsedAt
});

const library = [
	makePrompt({
		title: 'Fox, "red"',
		text: 'a red fox\nin deep snow, {prompt}',
		negativePrompt: 'blurry',
		category: 'Nature',
		tags: ['animal', 'winter'],
		favourite: true,
		usageCount: 7,
		model: 'demo/sketch',
		params: { aspectRatio: '16:9', seed: 42 },
		createdAt: 1_700_000_000_123,
		updatedAt: 1_700_000_100_456,
		lastUsedAt: 1_700_000_200_789
	}),
	makePrompt({
		title: '夜景',
		text: '雨后的上海外滩夜景，霓虹灯倒影',
		tags: ['城市', '夜晚'],
		category: '城市',
		createdAt: 1_700_000_001_000,
		updatedAt: 1_700_000_001_000
	}),
	makePrompt({
		title: ' padded ',
		text: '  leading and trailing  ',
		createdAt: 1_700_000_002_000,
		updatedAt: 1_700_000_002_000
	})
];

describe('library formats', () => {
	it.each(['json', 'csv'] as const)('round-trips every field through our %s format', (format) => {
		const file = exportPrompts(library, format, 1_700_000_300_000);
		const parsed = parseImport(file.content, format);

		expect(parsed.skipped).toEqual([]);
		expect(parsed.drafts.map(content)).toEqual(
			library.map((row) => content({ ...row, title: row.title.trim(), text: row.text.trim() }))
		);
	});

	it('writes our JSON with a format id and version', () => {
		const json = JSON.parse(exportPrompts(library.slice(1, 2), 'json', 0).content);
		expect(json).toMatchObject({
			format: 'nano-banana-studio/prompts',
			version: 1,
			prompts: [{ title: '夜景', tags: ['城市', '夜晚'] }]
		});
	});

	it('reads an AUTOMATIC1111 styles.csv with a BOM, quotes, line breaks and the {prompt} placeholder', () => {
		const file = `${BOM}name,prompt,negative_prompt\r\n"Cinematic, dark","{prompt}, cinematic lighting\nfilm grain","cartoon, ""bad"" hands"\r\n水墨,"{prompt}，水墨画风格",\r\nNone,,\r\n`;
		const parsed = parseImport(file, 'a1111');

		expect(
			parsed.drafts.map(({ line, title, text, negativePrompt }) => ({
				line,
				title,
				text,
				negativePrompt
			}))
		).toEqual([
			{
				line: 2,
				title: 'Cinematic, dark',
				text: '{prompt}, cinematic lighting\nfilm grain',
				negativePrompt: 'cartoon, "bad" hands'
			},
			{ line: 4, title: '水墨', text: '{prompt}，水墨画风格', negativePrompt: '' }
		]);
		expect(parsed.skipped).toEqual([{ line: 5, title: 'None', reason: 'EMPTY' }]);
		expect(
			parseImport(exportPrompts(library, 'a1111').content, 'a1111').drafts.map((d) => d.text)
		).toEqual(library.map((r) => r.text.trim()));
	});

	it('reads InvokeAI style presets with prompt or positive_prompt columns and writes its exporter’s columns', () => {
		const file =
			'name,positive_prompt,negative_prompt\nAnime,"{prompt}, anime style","photo, 3d"\n油画,{prompt} 油画,\n';
		const parsed = parseImport(file, 'invokeai');

		expect(
			parsed.drafts.map(({ title, text, negativePrompt }) => ({ title, text, negativePrompt }))
		).toEqual([
			{ title: 'Anime', text: '{prompt}, anime style', negativePrompt: 'photo, 3d' },
			{ title: '油画', text: '{prompt} 油画', negativePrompt: '' }
		]);
		expect(parseImport('name,prompt,negative_prompt\nA,b,c\n', 'invokeai').drafts[0]).toMatchObject(
			{ title: 'A', text: 'b', negativePrompt: 'c' }
		);
		expect(exportPrompts(library.slice(1, 2), 'invokeai').content).toBe(
			'name,prompt,negative_prompt\r\n城市 | 夜景,雨后的上海外滩夜景，霓虹灯倒影,\r\n'
		);
	});

	it('reads plain text as one prompt per line, skipping blank lines, with titles from the text', () => {
		const parsed = parseImport(
			`${BOM}a castle on a hill\r\n\r\n  一只猫在窗台上晒太阳  \n`,
			'text'
		);
		expect(parsed.drafts.map(({ line, title, text }) => ({ line, title, text }))).toEqual([
			{ line: 1, title: 'a castle on a hill', text: 'a castle on a hill' },
			{ line: 3, title: '一只猫在窗台上晒太阳', text: '一只猫在窗台上晒太阳' }
		]);
		expect(exportPrompts(library, 'text').content.split('\n')[0]).toBe(
			'a red fox in deep snow, {prompt}'
		);
	});

	it.each<[string, LibraryFormat, string]>([
		['broken JSON', 'json', '{"format": '],
		['someone else’s JSON', 'json', '[{"title": "x"}]'],
		[
			'a newer version',
			'json',
			'{"format":"nano-banana-studio/prompts","version":99,"prompts":[]}'
		],
		[
			'a bad entry',
			'json',
			'{"format":"nano-banana-studio/prompts","version":1,"prompts":[{"title":"ok","text":"ok"},{"title":3}]}'
		],
		['an unreadable header', 'a1111', '"name,prompt\nx,y\n'],
		['missing columns', 'a1111', 'title,body\nx,y\n'],
		['a JSON object as a Fooocus list', 'fooocus', '{"name":"x"}'],
		['an empty file', 'text', `${BOM}\n\n`]
	])('refuses %s with a clear error', (_name, format, file) => {
		expect(() => parseImport(file, format)).toThrow(ImportFormatError);
	});

	it('names the missing columns', () => {
		expect(() => parseImport('title,body\n', 'a1111')).toThrow(
			expect.objectContaining({ code: 'MISSING_COLUMNS', detail: { columns: 'name, prompt' } })
		);
	});

	it('skips and reports a row whose field breaks a rule, and imports the rest', () => {
		const parsed = parseImport(
			`title,text,usage_count\na,b,1\nc,d,many\n${'t'.repeat(201)},x,\ne,f,\n`,
			'csv'
		);
		expect(parsed.drafts.map((d) => d.title)).toEqual(['a', 'e']);
		expect(parsed.skipped).toEqual([
			{ line: 3, title: 'c', reason: 'INVALID', detail: 'usage_count: many' },
			{
				line: 4,
				title: 't'.repeat(201),
				reason: 'INVALID',
				detail: expect.stringContaining('title')
			}
		]);
	});

	it('guesses the format from the name and header', () => {
		expect(detectFormat('x.json', '')).toBe('json');
		expect(detectFormat('styles.csv', `${BOM}name,prompt,negative_prompt`)).toBe('a1111');
		expect(detectFormat('presets.csv', 'name,type,positive_prompt,negative_prompt')).toBe(
			'invokeai'
		);
		expect(detectFormat('mine.csv', 'title,text,tags')).toBe('csv');
		expect(detectFormat('list.txt', 'title,text')).toBe('text');
		expect(detectFormat('sdxl_styles_sai.json', '[\n  {"name": "sai-anime"')).toBe('fooocus');
		expect(detectFormat('backup.json', '\uFEFF{"format": "nano-banana-studio/prompts"')).toBe(
			'json'
		);
		expect(detectFormat('styles.txt', '[{"name": "x", "prompt": "{prompt}"}]')).toBe('fooocus');
		expect(detectFormat('prompts.txt', '[masterpiece], a castle\n(best quality), a fox')).toBe(
			'text'
		);
		expect(FORMATS).toHaveLength(6);
	});
});

describe('importDrafts', () => {
	let db: StudioDB;
	beforeEach(() => {
		db = makeTestDB();
	});
	afterEach(() => deleteTestDB(db));

	it('imports new prompts and reports duplicates of the library and within the file', async () => {
		await createPrompts(db, [{ title: 'Existing', text: 'A  castle on a hill' }]);
		const parsed = parseImport('a castle on a hill\nnew one\nNEW ONE\n\n', 'text');

		const report = await importDrafts(db, parsed);

		expect(report.imported.map((r) => r.title)).toEqual(['new one']);
		expect(report.skipped).toEqual([
			{ line: 1, title: 'a castle on a hill', reason: 'DUPLICATE_IN_LIBRARY' },
			{ line: 3, title: 'NEW ONE', reason: 'DUPLICATE_IN_FILE' }
		]);
		expect(await db.prompts.count()).toBe(2);
		expect(await db.outbox.count()).toBe(2);
	});

	it('gives a fresh profile the same library from an export', async () => {
		const source = makeTestDB();
		await createPrompts(
			source,
			library.map(({ id: _id, deletedAt: _d, discardedAt: _x, ...row }) => row)
		);
		const file = exportPrompts(await source.prompts.toArray(), 'json');
		await deleteTestDB(source);

		const report = await importDrafts(db, parseImport(file.content, 'json'));

		expect(report.skipped).toEqual([]);
		const imported = (await db.prompts.toArray()).sort((a, b) => a.createdAt - b.createdAt);
		expect(imported.map(content)).toEqual(
			library.map((row) => content({ ...row, title: row.title.trim(), text: row.text.trim() }))
		);
		// Importing the same file again adds nothing.
		expect((await importDrafts(db, parseImport(file.content, 'json'))).imported).toEqual([]);
	});
});
