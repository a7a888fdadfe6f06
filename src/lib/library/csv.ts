/**
 * A small RFC 4180 CSV reader and writer (no dependency): quoted fields with `""` escapes,
 * commas and line breaks inside quotes, CRLF or LF records, a leading UTF-8 BOM ignored.
 * @see https://www.rfc-editor.org/rfc/rfc4180
 */

/** A malformed CSV file; `line` is 1-based. */
export class CsvError extends Error {
	constructor(
		readonly reason: 'UNTERMINATED_QUOTE' | 'TEXT_AFTER_QUOTE',
		readonly line: number
	) {
		super(`${reason === 'UNTERMINATED_QUOTE' ? 'A quoted field is never closed' : 'Unexpected text after a closing quote'} (line ${line})`);
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
	let fields: string[] = [];
	let field = '';
	let line = 1;
	let recordLine = 1;
	let i = 0;
	let atFieldStart = true;
	const endRecord = () => {
		fields.push(field);
		if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
		fields = [];
		field = '';
		atFieldStart = true;
	};
	while (i < text.length) {
		const c = text[i];
		if (atFieldStart && c === '"') {
			const quoteLine = line;
			i++;
			for (;;) {
				if (i >= text.length) throw new CsvError('UNTERMINATED_QUOTE', quoteLine);
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
			if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new CsvError('TEXT_AFTER_QUOTE', line);
			atFieldStart = false;
			continue;
		}
		if (c === ',') {
			fields.push(field);
			field = '';
			atFieldStart = true;
			i++;
		} else if (c === '\r' || c === '\n') {
			endRecord();
			i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
			line++;
			recordLine = line;
		} else {
			field += c;
			atFieldStart = false;
			i++;
		}
	}
	if (field !== '' || fields.length > 0) endRecord();
	return records;
}

function quote(value: string): string {
	return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes records as CSV with CRLF line ends (RFC 4180), quoting only where needed. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
	return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}
