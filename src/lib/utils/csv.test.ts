import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, readCsvRescuing, writeCsv } from './csv';

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
		expect(fields('\uFEFFa,b\n\n1,\n,2')).toEqual([
			['a', 'b'],
			['1', ''],
			['', '2']
		]);
	});

	it('rejects an unterminated quote with the line it starts on', () => {
		expect(() => parseCsv('a,b\n1,"never closed\n2,3')).toThrow(
			new CsvError('UNTERMINATED_QUOTE', 2)
		);
	});

	it('rejects text after a closing quote', () => {
		expect(() => parseCsv('"a"b,c')).toThrow(CsvError);
	});
});

describe('readCsvRescuing', () => {
	it('skips a record with a stray quote and reads the next line again', () => {
		const { records, malformed } = readCsvRescuing(
			'a,b\r\n1,"x "y" z"\r\n2,"multi\nline"\r\n3,"open\n4,ok\n'
		);
		expect(records.map((r) => [r.line, r.fields])).toEqual([
			[1, ['a', 'b']],
			[3, ['2', 'multi\nline']],
			[6, ['4', 'ok']]
		]);
		expect(malformed).toEqual([
			{ line: 2, reason: 'TEXT_AFTER_QUOTE' },
			{ line: 5, reason: 'UNTERMINATED_QUOTE' }
		]);
	});

	it('resumes after a bad record in a file with old Mac line ends (lone CR)', () => {
		const { records, malformed } = readCsvRescuing('a,b\r1,"x"y\r2,ok\r');
		expect(records.map((r) => [r.line, r.fields])).toEqual([
			[1, ['a', 'b']],
			[3, ['2', 'ok']]
		]);
		expect(malformed).toEqual([{ line: 2, reason: 'TEXT_AFTER_QUOTE' }]);
	});

	it('gives up on a quoted field past 64 KiB as a quote that never closed', () => {
		const { records, malformed } = readCsvRescuing(`a,b\n1,"${'x'.repeat(70_000)}"\n2,ok\n`);
		expect(records.map((r) => r.fields[0])).toEqual(['a', '2']);
		expect(malformed).toEqual([{ line: 2, reason: 'UNTERMINATED_QUOTE' }]);
	});

	it('reports a record with more non-empty fields than the header, not one with trailing empty ones', () => {
		const { records, malformed } = readCsvRescuing('\uFEFFa,b\n1,2,,\n1,2,3\n');
		expect(records.map((r) => r.fields)).toEqual([
			['a', 'b'],
			['1', '2', '', '']
		]);
		expect(malformed).toEqual([{ line: 3, reason: 'TOO_MANY_FIELDS' }]);
	});
});

describe('writeCsv', () => {
	it('round-trips any text through parseCsv', () => {
		const rows = [
			['title', 'text'],
			['"quoted"', 'line 1\r\nline 2'],
			[' padded ', 'a,b'],
			['简体中文', '']
		];
		expect(fields(writeCsv(rows))).toEqual(rows);
	});
});
