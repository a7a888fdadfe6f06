import { describe, expect, it } from 'vitest';
import { applyBand, bandBetween, tilesInBand, type GridGeometry } from './band';
import type { GalleryEntry } from './entries';
import type { GridRow } from './rows';

const TILE = 100;
const GAP = 10;
const HEADING = 40;

/** A day heading, then rows of three tiles named t0, t1, … (a second day after `split` tiles). */
function geometry(count: number, split = Infinity): GridGeometry {
	const rows: GridRow[] = [];
	const entries = Array.from({ length: count }, (_, i) => ({ id: `t${i}` }) as GalleryEntry);
	const pushDay = (start: number, end: number) => {
		rows.push({ kind: 'day', key: `d${start}`, day: start, count: end - start });
		for (let s = start; s < end; s += 3)
			rows.push({
				kind: 'tiles',
				key: `r${s}`,
				start: s,
				entries: entries.slice(s, Math.min(s + 3, end))
			});
	};
	pushDay(0, Math.min(split, count));
	if (split < count) pushDay(split, count);
	const sizes = rows.map((row) => (row.kind === 'day' ? HEADING : TILE + GAP));
	const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
	return {
		rows,
		columns: 3,
		tileSize: TILE,
		gap: GAP,
		offsetOf: (i) => offsets[i],
		sizeOf: (i) => sizes[i]
	};
}

describe('rubber-band selection', () => {
	it('takes the tiles the band touches, in any drag direction, not those it only grazes in a gap', () => {
		const grid = geometry(9);
		// From inside t0 down-right into t4 (rows start at y=40; the second row at 150).
		expect(tilesInBand(grid, bandBetween({ x: 50, y: 60 }, { x: 150, y: 200 }))).toEqual([
			't0',
			't1',
			't3',
			't4'
		]);
		expect(tilesInBand(grid, bandBetween({ x: 150, y: 200 }, { x: 50, y: 60 }))).toEqual([
			't0',
			't1',
			't3',
			't4'
		]);
		// Only the gap between columns 0 and 1 and between rows 1 and 2.
		expect(tilesInBand(grid, bandBetween({ x: 101, y: 141 }, { x: 109, y: 149 }))).toEqual([]);
	});

	it('reaches rows far below the screen (virtualized rows are found by offset) and skips day headings', () => {
		const grid = geometry(3_000, 4);
		const all = tilesInBand(grid, bandBetween({ x: 0, y: 0 }, { x: 400, y: 1e9 }));
		expect(all).toHaveLength(3_000);
		// A band over the second day's heading only touches no tile.
		const secondHeading = grid.offsetOf(
			grid.rows.findIndex((row, i) => i > 0 && row.kind === 'day')
		);
		expect(
			tilesInBand(grid, {
				left: 0,
				top: secondHeading + 1,
				right: 400,
				bottom: secondHeading + HEADING - 1
			})
		).toEqual([]);
		// A short last row: the band over its empty columns takes nothing there.
		expect(tilesInBand(grid, { left: 0, top: 0, right: 400, bottom: 1e9 }).includes('t3000')).toBe(
			false
		);
	});

	it('adds to the selection the drag started from, or flips the band’s tiles with Ctrl', () => {
		const base = new Set(['t0', 't9']);
		expect([...applyBand(base, ['t0', 't1'], 'add')].sort()).toEqual(['t0', 't1', 't9']);
		expect([...applyBand(base, ['t0', 't1'], 'toggle')].sort()).toEqual(['t1', 't9']);
		expect([...base]).toEqual(['t0', 't9']);
	});
});
