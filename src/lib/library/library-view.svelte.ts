/**
 * What the library page shows: the search and filters, sort, cards or list, the selection and
 * how many results are rendered (more on scroll). Sort and layout are remembered on this device.
 * UI state only.
 */
import { idSet, withId } from '../state/id-set';
import { EMPTY_QUERY, SORT_KEYS, type LibraryQuery, type SortKey } from './search-index';

const PAGE_SIZE = 48;
const PREFS_KEY = 'nbs.library.view';

export type LibraryLayout = 'cards' | 'list';

function readPrefs(): { sort: SortKey; layout: LibraryLayout } {
	try {
		const saved = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as {
			sort?: unknown;
			layout?: unknown;
		};
		return {
			sort: SORT_KEYS.includes(saved.sort as SortKey) ? (saved.sort as SortKey) : 'recent',
			layout: saved.layout === 'list' ? 'list' : 'cards'
		};
	} catch {
		return { sort: 'recent', layout: 'cards' }; // unreadable preferences: start from defaults
	}
}

export class LibraryView {
	text = $state('');
	category = $state<string | null>(null);
	tag = $state<string | null>(null);
	favouritesOnly = $state(false);
	stylesOnly = $state(false);
	sort = $state<SortKey>('recent');
	layout = $state<LibraryLayout>('cards');
	/** How many results are rendered; grows as the person scrolls. */
	limit = $state(PAGE_SIZE);
	selected = $state.raw(idSet());

	query: LibraryQuery = $derived({
		...EMPTY_QUERY,
		text: this.text,
		category: this.category,
		tag: this.tag,
		favouritesOnly: this.favouritesOnly,
		stylesOnly: this.stylesOnly,
		sort: this.sort
	});
	isFiltered = $derived(
		this.text.trim() !== '' ||
			this.category !== null ||
			this.tag !== null ||
			this.favouritesOnly ||
			this.stylesOnly
	);

	constructor() {
		if (typeof localStorage !== 'undefined') Object.assign(this, readPrefs());
	}

	/** Remembers sort and layout on this device. */
	savePrefs(): void {
		localStorage.setItem(PREFS_KEY, JSON.stringify({ sort: this.sort, layout: this.layout }));
	}

	showMore(): void {
		this.limit += PAGE_SIZE;
	}

	resetLimit(): void {
		this.limit = PAGE_SIZE;
	}

	clearFilters(): void {
		this.text = '';
		this.category = null;
		this.tag = null;
		this.favouritesOnly = false;
		this.stylesOnly = false;
	}

	setSelected(id: string, on: boolean): void {
		this.selected = withId(this.selected, id, on);
	}

	selectAll(ids: string[]): void {
		this.selected = idSet([...this.selected, ...ids]);
	}

	clearSelection(): void {
		this.selected = idSet();
	}
}
