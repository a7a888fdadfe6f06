/**
 * The grid as rows for the virtual list: a heading row per local day, then rows of `columns`
 * tiles. Also where each month starts (for the scrubber) and which row holds each tile (for
 * keyboard moves). Pure; runs on every view or width change (a few ms at 50,000 images).
 */
import type { GalleryEntry } from './entries';

export type GridRow =
	| { kind: 'day'; key: string; day: number; count: number }
	| { kind: 'tiles'; key: string; start: number; entries: GalleryEntry[] };

export interface GridMonth {
	/** `YYYY-MM`. */
	key: string;
	/** Start of the month (ms), for its label. */
	time: number;
	/** Index of the month's first day heading in `rows`. */
	row: number;
}

export interface GridLayout {
	rows: GridRow[];
	months: GridMonth[];
	/** Row index of each tile, by its index in the view. */
	rowOfTile: Int32Array;
}

/** Start of the local day of `ms`. */
function dayOf(ms: number): number {
	const date = new Date(ms);
	return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function buildGridRows(entries: readonly GalleryEntry[], columns: number): GridLayout {
	const rows: GridRow[] = [];
	const months: GridMonth[] = [];
	const rowOfTile = new Int32Array(entries.length);
	let i = 0;
	while (i < entries.length) {
		// Entries of one day are contiguous in either sort order; a cheap bound check avoids a Date per entry.
		const day = dayOf(entries[i].createdAt);
		const next = new Date(day);
		next.setDate(next.getDate() + 1);
		const end = next.getTime();
		let j = i + 1;
		while (j < entries.length && entries[j].createdAt >= day && entries[j].createdAt < end) j++;
		const date = new Date(day);
		const month = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
		if (months.at(-1)?.key !== month)
			months.push({
				key: month,
				time: new Date(date.getFullYear(), date.getMonth(), 1).getTime(),
				row: rows.length
			});
		rows.push({ kind: 'day', key: `d${day}:${i}`, day, count: j - i });
		for (let start = i; start < j; start += columns) {
			const stop = Math.min(start + columns, j);
			rowOfTile.fill(rows.length, start, stop);
			rows.push({
				kind: 'tiles',
				key: `t${entries[start].id}:${columns}`,
				start,
				entries: entries.slice(start, stop)
			});
		}
		i = j;
	}
	return { rows, months, rowOfTile };
}

/**
 * The tile a keyboard move lands on: left/right step through the view; up/down go to the same
 * column of the tile row above or below (skipping day headings, clamped to that row's length).
 */
export function moveTile(
	layout: GridLayout,
	from: number,
	key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End'
): number {
	const count = layout.rowOfTile.length;
	if (count === 0) return -1;
	if (key === 'Home') return 0;
	if (key === 'End') return count - 1;
	if (key === 'ArrowLeft') return Math.max(0, from - 1);
	if (key === 'ArrowRight') return Math.min(count - 1, from + 1);
	const rowIndex = layout.rowOfTile[from];
	const row = layout.rows[rowIndex];
	if (row.kind !== 'tiles') return from;
	const column = from - row.start;
	const step = key === 'ArrowUp' ? -1 : 1;
	for (let r = rowIndex + step; r >= 0 && r < layout.rows.length; r += step) {
		const target = layout.rows[r];
		if (target.kind === 'tiles') return target.start + Math.min(column, target.entries.length - 1);
	}
	return from;
}

/**
 * Every row's height in pixels, in the shape of virtua's cache snapshot (`[sizes, default]`):
 * passed when the virtual list mounts, it never estimates sizes and corrects them while scrolling.
 */
export function rowSizes(
	layout: GridLayout,
	rowHeight: number,
	headingHeight: number
): [number[], number] {
	return [layout.rows.map((row) => (row.kind === 'day' ? headingHeight : rowHeight)), rowHeight];
}
