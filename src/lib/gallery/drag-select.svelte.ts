/**
 * Drag-select on desktop: press the mouse on the grid and drag to draw a band; the tiles it
 * touches join the selection (with Ctrl/⌘ they flip instead), Escape puts the selection back. The
 * page scrolls by itself near the window's top and bottom edges. Mouse only: on touch a drag is a
 * scroll. A press that does not move past a few pixels stays a click.
 */
import { idSet } from '../state/id-set';
import { applyBand, bandBetween, type Band, type BandMode } from './band';

/** Movement before a press becomes a band (a click wobbles a little). */
const THRESHOLD_PX = 6;
/** Distance from the window edge where the page scrolls, and the fastest scroll per frame. */
const EDGE_PX = 48;
const MAX_SCROLL_PX = 24;

export interface DragSelectOptions {
	/** The grid's box; band coordinates are relative to its top left. */
	element: () => HTMLElement | undefined;
	/** Ids of the tiles a band touches. */
	hits: (band: Band) => string[];
	selected: () => ReadonlySet<string>;
	select: (ids: ReadonlySet<string>) => void;
	/** Height of the sticky header over the top of the window (scrolling starts below it). */
	topInset: () => number;
}

interface Drag {
	startX: number;
	startY: number;
	/** The press point in grid coordinates (fixed as the page scrolls). */
	origin: { x: number; y: number };
	base: ReadonlySet<string>;
	mode: BandMode;
	active: boolean;
	clientX: number;
	clientY: number;
}

export class DragSelect {
	/** The band to draw, in grid coordinates; null when none. */
	band = $state<Band | null>(null);

	#drag: Drag | null = null;
	#frame = 0;
	#pending = false;
	#options: DragSelectOptions;

	constructor(options: DragSelectOptions) {
		this.#options = options;
	}

	/** For the grid's onpointerdown. */
	readonly handlePointerDown = (event: PointerEvent): void => {
		const element = this.#options.element();
		if (event.pointerType !== 'mouse' || event.button !== 0 || !element) return;
		// Checkboxes and buttons on a tile keep their own clicks.
		if ((event.target as HTMLElement).closest('input, button, label, select, textarea')) return;
		const box = element.getBoundingClientRect();
		this.#drag = {
			startX: event.clientX,
			startY: event.clientY,
			origin: { x: event.clientX - box.left, y: event.clientY - box.top },
			base: this.#options.selected(),
			mode: event.ctrlKey || event.metaKey ? 'toggle' : 'add',
			active: false,
			clientX: event.clientX,
			clientY: event.clientY
		};
		window.addEventListener('pointermove', this.#move);
		window.addEventListener('pointerup', this.#end);
		window.addEventListener('pointercancel', this.#cancel);
		window.addEventListener('keydown', this.#key, { capture: true });
	};

	/** For the grid's ondragstart: a press on a thumbnail draws a band, it does not drag the picture. */
	readonly handleDragStart = (event: DragEvent): void => {
		if (this.#drag) event.preventDefault();
	};

	#move = (event: PointerEvent) => {
		const drag = this.#drag;
		if (!drag) return;
		drag.clientX = event.clientX;
		drag.clientY = event.clientY;
		if (!drag.active) {
			if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < THRESHOLD_PX)
				return;
			drag.active = true;
			document.documentElement.style.userSelect = 'none';
			window.getSelection()?.removeAllRanges();
		}
		this.#schedule();
	};

	/** Updates at most once a frame, and keeps scrolling while the pointer rests near an edge. */
	#schedule() {
		if (this.#pending) return;
		this.#pending = true;
		this.#frame = requestAnimationFrame(() => {
			this.#pending = false;
			const drag = this.#drag;
			if (!drag?.active) return;
			const speed = this.#edgeSpeed(drag.clientY);
			if (speed !== 0) window.scrollBy(0, speed);
			this.#update(drag);
			if (speed !== 0) this.#schedule();
		});
	}

	#edgeSpeed(clientY: number): number {
		const top = this.#options.topInset();
		if (clientY < top + EDGE_PX)
			return -Math.ceil(MAX_SCROLL_PX * Math.min(1, (top + EDGE_PX - clientY) / EDGE_PX));
		const bottom = window.innerHeight;
		if (clientY > bottom - EDGE_PX)
			return Math.ceil(MAX_SCROLL_PX * Math.min(1, (clientY - (bottom - EDGE_PX)) / EDGE_PX));
		return 0;
	}

	#update(drag: Drag) {
		const element = this.#options.element();
		if (!element) return;
		const box = element.getBoundingClientRect();
		const x = Math.max(0, Math.min(box.width, drag.clientX - box.left));
		const band = bandBetween(drag.origin, { x, y: drag.clientY - box.top });
		this.band = band;
		this.#options.select(applyBand(drag.base, this.#options.hits(band), drag.mode));
	}

	#end = () => {
		const drag = this.#drag;
		if (drag?.active) {
			this.#update(drag);
			// The press ended on a tile: its click must not open the viewer or toggle the tile.
			const swallow = (event: MouseEvent) => {
				event.preventDefault();
				event.stopPropagation();
			};
			window.addEventListener('click', swallow, { capture: true, once: true });
			setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
		}
		this.#stop();
	};

	#cancel = () => {
		if (this.#drag?.active) this.#options.select(idSet(this.#drag.base));
		this.#stop();
	};

	#key = (event: KeyboardEvent) => {
		if (event.key !== 'Escape' || !this.#drag?.active) return;
		event.preventDefault();
		event.stopImmediatePropagation();
		this.#cancel();
	};

	#stop() {
		cancelAnimationFrame(this.#frame);
		this.#pending = false;
		this.#drag = null;
		this.band = null;
		document.documentElement.style.userSelect = '';
		window.removeEventListener('pointermove', this.#move);
		window.removeEventListener('pointerup', this.#end);
		window.removeEventListener('pointercancel', this.#cancel);
		window.removeEventListener('keydown', this.#key, { capture: true });
	}

	/** Stops listening (the grid unmounts mid-drag). */
	destroy(): void {
		this.#stop();
	}
}
