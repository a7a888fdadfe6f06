/**
 * A small RFC 4180 CSV reader and writer (no dependency): quoted fields with `""` escapes,
 * commas and line breaks inside quotes, CRLF or LF records, a leading UTF-8 BOM ignored.
 * {@link parseCsv} refuses a malformed file; {@link readCsvRescuing} skips the malformed record
 * and carries on at the next line, as shared style files need.
 * Why not a CSV library: a general parser that skips bad records resumes after the record, and a
 * stray opening quote makes that record run to the next quote in the file, many lines on; this
 * one resumes at the next line and reports the line number, which is the whole point of the rescue.
 * @see https://www.rfc-editor.org/rfc/rfc4180
 */

/** A malformed CSV file; `line` is 1-based. */
export type CsvErrorReason = 'UNTERMINATED_QUOTE' | 'TEXT_AFTER_QUOTE';

export class CsvError extends Error {
	constructor(
		readonly reason: CsvErrorReason,
		readonly line: number
	) {
		super(
			`${reason === 'UNTERMINATED_QUOTE' ? 'A quoted field is never closed' : 'Unexpected text after a closing quote'} (line ${line})`
		);
		this.name = 'CsvError';
	}
}

/** One record and the line it starts on (1-based), for error reports. */
export interface CsvRecord {
	fields: string[];
	line: number;
}

/**
 * Parses CSV text into records. Blank lines are skipped. A stray quote inside an unquoted field
 * is kept as text (lenient, like most spreadsheet exports expect).
 * @throws {CsvError} for an unterminated quoted field or text after a closing quote.
 */
export function parseCsv(input: string): CsvRecord[] {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const records: CsvRecord[] = [];
	let pos = 0;
	let line = 1;
	while (pos < text.length) {
		const record = readRecord(text, pos, line);
		if (!(record.fields.length === 1 && record.fields[0] === ''))
			records.push({ fields: record.fields, line });
		pos = record.end;
		line = record.endLine;
	}
	return records;
}

/** A record that could not be read: the line it starts on and why. */
export interface MalformedLine {
	line: number;
	reason: CsvErrorReason | 'TOO_MANY_FIELDS';
}

/**
 * Reads CSV text record by record. A malformed record (a stray quote that never closes or is
 * followed by text, or more non-empty fields than the first record has) is reported by the line
 * it starts on, and reading resumes at the next line — so one stray quote in line 66 of a
 * 750-line file costs that line only. Python's csv module (which A1111 uses) is as forgiving.
 */
export function readCsvRescuing(input: string): {
	records: CsvRecord[];
	malformed: MalformedLine[];
} {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const records: CsvRecord[] = [];
	const malformed: MalformedLine[] = [];
	let width = 0;
	let pos = 0;
	let line = 1;
	while (pos < text.length) {
		try {
			const record = readRecord(text, pos, line);
			const used = record.fields.length - trailingEmpty(record.fields);
			if (records.length > 0 && used > width) {
				malformed.push({ line, reason: 'TOO_MANY_FIELDS' });
				[pos, line] = nextLine(text, pos, line);
				continue;
			}
			if (!(record.fields.length === 1 && record.fields[0] === '')) {
				if (records.length === 0) width = record.fields.length;
				records.push({ fields: record.fields, line });
			}
			pos = record.end;
			line = record.endLine;
		} catch (error) {
			if (!(error instanceof CsvError)) throw error;
			malformed.push({ line, reason: error.reason });
			[pos, line] = nextLine(text, pos, line);
		}
	}
	return { records, malformed };
}

function trailingEmpty(fields: string[]): number {
	let n = 0;
	for (let i = fields.length - 1; i >= 0 && fields[i].trim() === ''; i--) n++;
	return n;
}

/** The start of the physical line after the one at `pos` (LF, CRLF or a lone CR ends a line). */
function nextLine(text: string, pos: number, line: number): [number, number] {
	let at = pos;
	while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
	if (at >= text.length) return [text.length, line + 1];
	return [at + (text[at] === '\r' && text[at + 1] === '\n' ? 2 : 1), line + 1];
}

/**
 * A quoted field longer than this is a quote that never closed, not a prompt (prompts stop at
 * 32,000 characters); it bounds how far one stray quote makes the reader look ahead.
 */
const MAX_QUOTED_FIELD = 64 * 1024;

/** Reads one record strictly from `pos` (a line start); returns its fields and where the next starts. */
function readRecord(
	text: string,
	start: number,
	startLine: number
): { fields: string[]; end: number; endLine: number } {
	const fields: string[] = [];
	let field = '';
	let line = startLine;
	let i = start;
	let atFieldStart = true;
	while (i < text.length) {
		const c = text[i];
		if (atFieldStart && c === '"') {
			const quoteLine = line;
			i++;
			for (;;) {
				if (i >= text.length || field.length > MAX_QUOTED_FIELD)
					throw new CsvError('UNTERMINATED_QUOTE', quoteLine);
				const q = text[i];
				if (q === '"') {
					if (text[i + 1] === '"') {
						field += '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (q === '\n') line++;
				field += q;
				i++;
			}
			const next = text[i];
			if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
				throw new CsvError('TEXT_AFTER_QUOTE', line);
			atFieldStart = false;
			continue;
		}
		if (c === ',') {
			fields.push(field);
			field = '';
			atFieldStart = true;
			i++;
		} else if (c === '\r' || c === '\n') {
			fields.push(field);
			return { fields, end: i + (c === '\r' && text[i + 1] === '\n' ? 2 : 1), endLine: line + 1 };
		} else {
			field += c;
			atFieldStart = false;
			i++;
		}
	}
	fields.push(field);
	return { fields, end: i, endLine: line + 1 };
}

function quote(value: string): string {
	return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes records as CSV with CRLF line ends (RFC 4180), quoting only where needed. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
	return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}
