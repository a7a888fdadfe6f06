/**
 * Rubber-band selection over the virtualized grid, as geometry: which tiles a rectangle touches,
 * found from the row offsets (rows off screen are not in the DOM, so the DOM cannot answer), and
 * how the band combines with the selection the drag started from. Pure.
 */
import type { GridRow } from './rows';

/** A rectangle in the grid's own coordinates (0,0 = top left of the first row). */
export interface Band {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

export interface GridGeometry {
	rows: readonly GridRow[];
	columns: number;
	tileSize: number;
	gap: number;
	/** Top of row `index` and its height (the virtual list measured them). */
	offsetOf(index: number): number;
	sizeOf(index: number): number;
}

/** How a band changes the selection it started from: add its tiles, or flip them (Ctrl/⌘). */
export type BandMode = 'add' | 'toggle';

/** The band between two points, whichever way it was dragged. */
export function bandBetween(a: { x: number; y: number }, b: { x: number; y: number }): Band {
	return {
		left: Math.min(a.x, b.x),
		top: Math.min(a.y, b.y),
		right: Math.max(a.x, b.x),
		bottom: Math.max(a.y, b.y)
	};
}

/** First row whose bottom is below `y` (binary search: offsets grow with the index). */
function firstRowBelow(geometry: GridGeometry, y: number): number {
	let low = 0;
	let high = geometry.rows.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (geometry.offsetOf(mid) + geometry.sizeOf(mid) <= y) low = mid + 1;
		else high = mid;
	}
	return low;
}

/** Ids of the tiles the band overlaps (gaps between tiles do not count). */
export function tilesInBand(geometry: GridGeometry, band: Band): string[] {
	const { rows, columns, tileSize, gap } = geometry;
	const pitch = tileSize + gap;
	const firstColumn = Math.max(0, Math.floor(band.left / pitch));
	const lastColumn = Math.min(columns - 1, Math.floor(band.right / pitch));
	const hits: string[] = [];
	for (let index = firstRowBelow(geometry, band.top); index < rows.length; index++) {
		const top = geometry.offsetOf(index);
		if (top >= band.bottom) break;
		const row = rows[index];
		if (row.kind !== 'tiles' || top + tileSize <= band.top) continue;
		for (let column = firstColumn; column <= lastColumn && column < row.entries.length; column++) {
			const left = column * pitch;
			if (left < band.right && left + tileSize > band.left) hits.push(row.entries[column].id);
		}
	}
	return hits;
}

/** The selection while a band is out: the starting selection with the band's tiles added or flipped. */
export function applyBand(
	base: ReadonlySet<string>,
	hits: readonly string[],
	mode: BandMode
): Set<string> {
	const next = new Set(base);
	for (const id of hits) {
		if (mode === 'toggle' && base.has(id)) next.delete(id);
		else next.add(id);
	}
	return next;
}
