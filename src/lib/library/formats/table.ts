/**
 * The CSV table every CSV format reads: a header of column names, then rows; malformed lines are
 * skipped and reported ({@link readCsvRescuing}) instead of refusing the file.
 */
import { readCsvRescuing, type CsvRecord } from '../../utils/csv';
import { ImportFormatError, type SkippedRow } from './types';

export interface Table {
	header: string[];
	rows: CsvRecord[];
	/** Lines that could not be read, as skipped rows. */
	malformed: SkippedRow[];
}

export function readTable(content: string): Table {
	const { records, malformed } = readCsvRescuing(content);
	if (records.length === 0) {
		if (malformed.length > 0) throw new ImportFormatError('BAD_CSV', { line: malformed[0].line });
		throw new ImportFormatError('EMPTY_FILE');
	}
	// A header line that cannot be read leaves nothing to trust.
	if (malformed.length > 0 && malformed[0].line < records[0].line)
		throw new ImportFormatError('BAD_CSV', { line: malformed[0].line });
	const header = records[0].fields.map((name) => name.trim().toLowerCase());
	return {
		header,
		rows: records.slice(1),
		malformed: malformed.map(({ line, reason }) => ({
			line,
			title: '',
			reason: 'MALFORMED',
			detail: reason
		}))
	};
}

/** Column positions by name; throws MISSING_COLUMNS naming the ones absent. */
export function columns<T extends string>(
	header: string[],
	required: readonly T[],
	optional: readonly T[] = []
): Record<T, number> {
	const missing = required.filter((name) => !header.includes(name));
	if (missing.length > 0)
		throw new ImportFormatError('MISSING_COLUMNS', { columns: missing.join(', ') });
	return Object.fromEntries(
		[...required, ...optional].map((name) => [name, header.indexOf(name)])
	) as Record<T, number>;
}

export function cell(record: CsvRecord, index: number): string {
	return index >= 0 ? (record.fields[index] ?? '') : '';
}
