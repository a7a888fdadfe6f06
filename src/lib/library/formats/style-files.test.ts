import { describe, expect, it } from 'vitest';
import { isStyle } from '../../styles/compose';
import { makePrompt } from '../../testing/factories';
import {
	detectFormat,
	exportPrompts,
	parseImport,
	type LibraryFormat,
	type PromptDraft
} from './index';

const BOM = '\uFEFF';

/** An A1111 styles.csv as people share them: BOM, CRLF, section lines, CJK, `分类 | 名称`, one stray quote. */
const QUIRKY_A1111 = [
	`${BOM}name,prompt,negative_prompt`,
	'>>>>>> Generic Styles,,',
	'Cinematic,"cinematic still {prompt} . emotional, harmonious","anime, cartoon"',
	'Film grain,"film grain, 35mm",',
	'Broken,"a "quoted" word, oops",ugly', // line 5: text after a closing quote
	'Enhance,"beautiful {prompt}, 8k",',
	'||| 摄影,,',
	'人像,"{prompt}，柔和的自然光，浅景深","模糊, 低质量"',
	'风景 | 日落,"{prompt}，金色的夕阳",',
	'夜景｜霓虹,"{prompt}, neon",',
	'=== Painting ===,,',
	'"Oil, thick","oil painting of {prompt}",photo',
	'None,,',
	''
].join('\r\n');

const pick = ({ line, title, text, negativePrompt, category, tags }: PromptDraft) => ({
	line,
	title,
	text,
	negativePrompt,
	category,
	tags
});
const content = ({ title, text, negativePrompt, category, tags }: PromptDraft) => ({
	title,
	text,
	negativePrompt,
	category,
	tags
});

/** Drafts as they would sit in the library, to export again. */
const asRows = (drafts: PromptDraft[]) =>
	drafts.map((draft, i) =>
		makePrompt({ ...draft, createdAt: 1_700_000_000_000 + i, updatedAt: 1_700_000_000_000 + i })
	);

describe('A1111 styles.csv import', () => {
	it('skips a line with a stray quote, reports its line, and imports the rest', () => {
		const parsed = parseImport(QUIRKY_A1111, 'a1111');

		expect(parsed.skipped).toEqual([
			{ line: 5, title: '', reason: 'MALFORMED', detail: 'TEXT_AFTER_QUOTE' },
			{ line: 13, title: 'None', reason: 'EMPTY' }
		]);
		expect(parsed.drafts.map(pick)).toEqual([
			{
				line: 3,
				title: 'Cinematic',
				text: 'cinematic still {prompt} . emotional, harmonious',
				negativePrompt: 'anime, cartoon',
				category: 'Generic Styles',
				tags: []
			},
			{
				line: 4,
				title: 'Film grain',
				text: 'film grain, 35mm',
				negativePrompt: '',
				category: 'Generic Styles',
				tags: ['style']
			},
			{
				line: 6,
				title: 'Enhance',
				text: 'beautiful {prompt}, 8k',
				negativePrompt: '',
				category: 'Generic Styles',
				tags: []
			},
			{
				line: 8,
				title: '人像',
				text: '{prompt}，柔和的自然光，浅景深',
				negativePrompt: '模糊, 低质量',
				category: '摄影',
				tags: []
			},
			{
				line: 9,
				title: '日落',
				text: '{prompt}，金色的夕阳',
				negativePrompt: '',
				category: '风景',
				tags: []
			},
			{
				line: 10,
				title: '霓虹',
				text: '{prompt}, neon',
				negativePrompt: '',
				category: '夜景',
				tags: []
			},
			{
				line: 12,
				title: 'Oil, thick',
				text: 'oil painting of {prompt}',
				negativePrompt: 'photo',
				category: 'Painting',
				tags: []
			}
		]);
		// Every row of a style file stays a style, with or without the placeholder.
		expect(parsed.drafts.every((draft) => isStyle(draft))).toBe(true);
	});

	it('loses only the bad line of a 750-line file with a quote that never closes', () => {
		const rows = Array.from({ length: 749 }, (_, i) =>
			i === 64
				? `Style ${i},"never closed {prompt}, more,`
				: `Style ${i},"{prompt}, look ${i}",blurry`
		);
		const parsed = parseImport(['name,prompt,negative_prompt', ...rows, ''].join('\n'), 'a1111');

		expect(parsed.drafts).toHaveLength(748);
		// The quote closes on the next line, followed by text: line 66 goes, line 67 is read again.
		expect(parsed.skipped).toEqual([
			{ line: 66, title: '', reason: 'MALFORMED', detail: 'TEXT_AFTER_QUOTE' }
		]);
		expect(parsed.drafts.at(-1)).toMatchObject({ line: 750, title: 'Style 748' });
	});

	it('reports a row with more fields than the header (an unquoted comma) and keeps trailing empty columns', () => {
		const parsed = parseImport(
			'name,prompt,negative_prompt\nA,{prompt} x,neg,,\nB,{prompt}, y,neg\nC,{prompt} z\nD,"never closed\n',
			'a1111'
		);
		expect(parsed.drafts.map((d) => d.title)).toEqual(['A', 'C']);
		expect(parsed.skipped).toEqual([
			{ line: 3, title: '', reason: 'MALFORMED', detail: 'TOO_MANY_FIELDS' },
			{ line: 5, title: '', reason: 'MALFORMED', detail: 'UNTERMINATED_QUOTE' }
		]);
	});

	it('takes a plain heading row with an empty prompt as a section, but not A1111’s own “None”', () => {
		const parsed = parseImport(
			'name,prompt,negative_prompt\nPortraits,,\nSoft,{prompt} soft,\nNone,,\nHard,{prompt} hard,\n',
			'a1111'
		);
		expect(parsed.drafts.map(({ title, category }) => ({ title, category }))).toEqual([
			{ title: 'Soft', category: 'Portraits' },
			{ title: 'Hard', category: 'Portraits' }
		]);
	});
});

describe('Fooocus style JSON', () => {
	const FOOOCUS = `${BOM}[
    { "name": "Fooocus V2" },
    { "name": "sai-anime", "prompt": "anime artwork {prompt} . anime style, key visual", "negative_prompt": "photo, deformed" },
    { "name": "国风 | 水墨", "prompt": "{prompt}，水墨画，留白" },
    "not a style",
    { "name": "Sharp", "prompt": "sharp focus, detailed", "negative_prompt": "" }
]`;

	it('imports name, prompt and negative_prompt as styles and reports what it skipped', () => {
		expect(detectFormat('sdxl_styles_sai.json', FOOOCUS)).toBe('fooocus');
		const parsed = parseImport(FOOOCUS, 'fooocus');

		expect(parsed.drafts.map(pick)).toEqual([
			{
				line: 2,
				title: 'sai-anime',
				text: 'anime artwork {prompt} . anime style, key visual',
				negativePrompt: 'photo, deformed',
				category: '',
				tags: []
			},
			{
				line: 3,
				title: '水墨',
				text: '{prompt}，水墨画，留白',
				negativePrompt: '',
				category: '国风',
				tags: []
			},
			{
				line: 5,
				title: 'Sharp',
				text: 'sharp focus, detailed',
				negativePrompt: '',
				category: '',
				tags: ['style']
			}
		]);
		expect(parsed.skipped).toEqual([
			{ line: 1, title: 'Fooocus V2', reason: 'EMPTY' },
			{ line: 4, title: '', reason: 'MALFORMED', detail: 'NOT_A_STYLE' }
		]);
	});

	it('writes the same shape Fooocus reads', () => {
		const file = exportPrompts(asRows(parseImport(FOOOCUS, 'fooocus').drafts), 'fooocus');
		expect(file.fileName).toMatch(/^sdxl_styles_.*\.json$/);
		expect(JSON.parse(file.content)[1]).toEqual({
			name: '国风 | 水墨',
			prompt: '{prompt}，水墨画，留白',
			negative_prompt: ''
		});
	});
});

describe('style file round trips', () => {
	const sources: [LibraryFormat, string][] = [
		['a1111', QUIRKY_A1111],
		[
			'invokeai',
			QUIRKY_A1111.replace('name,prompt,negative_prompt', 'name,positive_prompt,negative_prompt')
		],
		[
			'fooocus',
			JSON.stringify([
				{ name: 'sai-anime', prompt: 'anime {prompt}', negative_prompt: 'photo' },
				{ name: '分类 | 名称', prompt: '水彩, "soft"', negative_prompt: '' },
				{ name: 'Multi\nline', prompt: '{prompt}\nsecond line', negative_prompt: 'a,\tb' }
			])
		]
	];

	it.each(sources)(
		'keeps every style, category and tag through import → export → import in %s',
		(format, file) => {
			const first = parseImport(file, format).drafts;
			const again = parseImport(exportPrompts(asRows(first), format).content, format);

			expect(again.skipped).toEqual([]);
			expect(again.drafts.map(content)).toEqual(first.map(content));
		}
	);

	it('writes categories back as `category | name`', () => {
		const rows = asRows(parseImport(QUIRKY_A1111, 'a1111').drafts);
		expect(exportPrompts(rows, 'a1111').content.split('\r\n').slice(0, 3)).toEqual([
			'name,prompt,negative_prompt',
			'Generic Styles | Cinematic,"cinematic still {prompt} . emotional, harmonious","anime, cartoon"',
			'Generic Styles | Film grain,"film grain, 35mm",'
		]);
	});
});
