import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, writeCsv } from './csv';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv', () => {
	it('reads quoted fields with commas, doubled quotes and line breaks', () => {
		const text = 'name,prompt\r\n"a, b","say ""hi""\nsecond line"\r\nplain,中文提示词\r\n';
		expect(parseCsv(text)).toEqual([
			{ fields: ['name', 'prompt'], line: 1 },
			{ fields: ['a, b', 'say "hi"\nsecond line'], line: 2 },
			{ fields: ['plain', '中文提示词'], line: 4 }
		]);
	});

	it('ignores a BOM, blank lines and a missing final line break, and keeps empty fields', () => {
		expect(fields('\uFEFFa,b\n\n1,\n,2')).toEqual([['a', 'b'], ['1', ''], ['', '2']]);
	});

	it('rejects an unterminated quote with the line it starts on', () => {
		expect(() => parseCsv('a,b\n1,"never closed\n2,3')).toThrow(new CsvError('UNTERMINATED_QUOTE', 2));
	});

	it('rejects text after a closing quote', () => {
		expect(() => parseCsv('"a"b,c')).toThrow(CsvError);
	});
});

describe('writeCsv', () => {
	it('round-trips any text through parseCsv', () => {
		const rows = [['title', 'text'], ['"quoted"', 'line 1\r\nline 2'], [' padded ', 'a,b'], ['简体中文', '']];
		expect(fields(writeCsv(rows))).toEqual(rows);
	});
});
