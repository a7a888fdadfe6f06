/**
 * The state a gallery tile shows beyond its markup — selected or not, its thumbnail, "missing" —
 * set from one place for every tile in the DOM, so a tile is plain markup that costs nothing to
 * mount and unmount while scrolling (no effect, timer or subscription per tile). `sync()` runs
 * after each DOM change of the grid (a MutationObserver) and after each selection change.
 *
 * Tile markup it expects: `.tile[data-id]` holding `a[data-tile]` (its index in the view) around
 * `img[data-thumb]`, and `input[type=checkbox]`. Thumbnails already made show at once; others load once scrolling has
 * paused (`SETTLE_MS`): in a fling rows pass in a frame or two and loading theirs would only
 * make the scroll stutter.
 */
import { ThumbUrls, type ThumbLoader } from './thumb-urls';

const SETTLE_MS = 120;

export interface GridTilesOptions {
	root: HTMLElement;
	load: ThumbLoader;
	isSelected: (id: string) => boolean;
	/** Hash of the original of the tile at this index in the view (shown when the thumbnail is missing). */
	originalOf: (index: number) => string;
	/** Words shown on a tile whose picture cannot be had ('' for none). */
	missingNote: () => string;
	/** New hashes were found missing (to watch for their arrival). */
	onmissing: () => void;
}

export class GridTiles {
	readonly thumbs: ThumbUrls;
	readonly #options: GridTilesOptions;
	readonly #observer: MutationObserver;
	#lastScrollAt = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(options: GridTilesOptions) {
		this.#options = options;
		this.thumbs = new ThumbUrls(options.load);
		this.#observer = new MutationObserver(() => this.sync());
		this.#observer.observe(options.root, {
			childList: true,
			subtree: true,
			attributes: true,
			attributeFilter: ['data-id', 'data-thumb']
		});
		this.sync();
	}

	/** Called on scroll: postpones loading new thumbnails until the scroll pauses. */
	scrolled(): void {
		this.#lastScrollAt = performance.now();
	}

	/** Brings every tile in the DOM up to date. Cheap: a few reads per tile, writes only on change. */
	sync(): void {
		let waiting = false;
		for (const tile of this.#options.root.querySelectorAll<HTMLElement>('.tile[data-id]')) {
			const selected = this.#options.isSelected(tile.dataset.id!);
			if (tile.classList.contains('selected') !== selected)
				tile.classList.toggle('selected', selected);
			const box = tile.querySelector<HTMLInputElement>('input[type=checkbox]');
			if (box && box.checked !== selected) box.checked = selected;
			const img = tile.querySelector<HTMLImageElement>('img[data-thumb]');
			if (img && !this.#showReady(tile, img)) waiting = true;
		}
		if (waiting) this.#scheduleLoad();
	}

	/** Re-asks for missing thumbnails (their bytes arrived, or the device is online again). */
	retryMissing(): void {
		this.thumbs.retryMissing();
		for (const tile of this.#options.root.querySelectorAll<HTMLElement>('.tile.missing'))
			tile.classList.remove('missing');
		this.sync();
	}

	destroy(): void {
		this.#observer.disconnect();
		clearTimeout(this.#timer);
		this.thumbs.clear();
	}

	/** Shows the tile's thumbnail if its URL is made; false when it still has to load. */
	#showReady(tile: HTMLElement, img: HTMLImageElement): boolean {
		const wanted = img.dataset.thumb!;
		if (img.dataset.shown === wanted) {
			this.thumbs.peek(wanted); // keep it recently used while on screen
			return true;
		}
		const url = this.thumbs.peek(wanted);
		if (url) {
			this.#show(tile, img, wanted, url);
			return true;
		}
		if (img.dataset.shown) {
			img.removeAttribute('src');
			delete img.dataset.shown;
		}
		if (this.thumbs.missing.has(wanted)) {
			this.#markMissing(tile);
			return true;
		}
		return false;
	}

	#show(tile: HTMLElement, img: HTMLImageElement, wanted: string, url: string): void {
		img.src = url;
		img.dataset.shown = wanted;
		tile.classList.remove('missing');
	}

	#markMissing(tile: HTMLElement): void {
		if (tile.classList.contains('missing')) return;
		tile.classList.add('missing');
		const link = tile.querySelector('a');
		if (link) link.dataset.note = this.#options.missingNote();
	}

	#scheduleLoad(): void {
		if (this.#timer !== undefined) return; // it checks again when it fires
		const wait = Math.max(0, this.#lastScrollAt + SETTLE_MS - performance.now());
		if (wait === 0) this.#loadWaiting();
		else
			this.#timer = setTimeout(() => {
				this.#timer = undefined;
				this.#scheduleLoad();
			}, wait);
	}

	#loadWaiting(): void {
		let missing = false;
		for (const img of this.#options.root.querySelectorAll<HTMLImageElement>(
			'.tile img[data-thumb]'
		)) {
			const wanted = img.dataset.thumb!;
			if (img.dataset.shown === wanted) continue;
			const index = Number(img.closest<HTMLElement>('[data-tile]')?.dataset.tile);
			void this.thumbs
				.request(wanted, Number.isInteger(index) ? this.#options.originalOf(index) : '')
				.then((url) => {
					const tile = img.closest<HTMLElement>('.tile');
					if (!tile || !img.isConnected || img.dataset.thumb !== wanted) return;
					if (url) this.#show(tile, img, wanted, url);
					else if (this.thumbs.missing.has(wanted)) {
						this.#markMissing(tile);
						if (!missing) {
							missing = true;
							this.#options.onmissing();
						}
					}
				});
		}
	}
}
