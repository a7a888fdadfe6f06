/**
 * Every live image of a database as compact entries, kept in memory while the database is open
 * (one per database, shared by the grid and the viewer's previous/next) and kept current
 * incrementally: a change re-reads only the rows it touched, never the 50,000.
 * First paint does not wait for the full read: the newest HEAD entries are published first.
 */
import type { StudioDB } from '../db/database';
import { getImageRows, listImages, onImagesChanged } from '../db/image.repository';
import { loadGalleryEntries, toGalleryEntry, newestFirst, type GalleryEntry } from './entries';

/** Entries read before the full scan: a screenful or two of the default view. */
const HEAD = 120;
/** Changes arriving within this window are applied together (a batch lands as many writes). */
const COALESCE_MS = 50;
/** Longest the full read waits for the main thread to go idle after the head is shown. */
const IDLE_TIMEOUT_MS = 400;

/**
 * Resolves once the head has had its frame and the main thread is idle (or after a bound). The
 * full read's page callbacks ran 70–90 ms each (bench trace) right while the first thumbnails
 * were being read and decoded, pushing the first paint back.
 */
function afterHeadPainted(): Promise<void> {
	if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
	return new Promise((resolve) =>
		requestAnimationFrame(() => {
			if (typeof requestIdleCallback === 'function')
				requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
			else setTimeout(resolve, 100);
		})
	);
}

export interface GallerySnapshot {
	entries: GalleryEntry[];
	/** False while only the newest entries are known (the full read is still going). */
	isComplete: boolean;
}

type Listener = (snapshot: GallerySnapshot) => void;

export class GalleryIndex {
	#db: StudioDB;
	#byId = new Map<string, GalleryEntry>();
	#snapshot: GallerySnapshot | null = null;
	#listeners = new Set<Listener>();
	#pending: Set<string> | null = null;
	#reloadAll = false;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#stopWatching: () => void;
	#ready: Promise<void>;

	constructor(db: StudioDB) {
		this.#db = db;
		// Watch before reading, so a change during the full read is applied after it.
		this.#stopWatching = onImagesChanged(db, (ids) => {
			// Dexie's 'close' event is for unexpected closes only: a sign-out's close ends us here.
			if (db.isOpen()) this.#queue(ids);
			else forget(db);
		});
		this.#ready = this.#start();
	}

	get snapshot(): GallerySnapshot | null {
		return this.#snapshot;
	}

	/** Every live entry, newest first, once the full read is done. */
	async entries(): Promise<GalleryEntry[]> {
		await this.#ready;
		return this.#snapshot!.entries;
	}

	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		if (this.#snapshot) listener(this.#snapshot);
		return () => this.#listeners.delete(listener);
	}

	close(): void {
		this.#stopWatching();
		clearTimeout(this.#timer);
		this.#listeners.clear();
	}

	async #start(): Promise<void> {
		// The head first, alone: beside the full read it competed with the pages (bench first paint 2.6–9.5 s under load).
		const rows = await listImages(this.#db, HEAD);
		this.#publish({ entries: rows.map((row) => toGalleryEntry(this.#db, row)), isComplete: false });
		await afterHeadPainted();
		await this.#readAll();
	}

	async #readAll(): Promise<void> {
		const entries = await loadGalleryEntries(this.#db);
		this.#byId = new Map(entries.map((entry) => [entry.id, entry]));
		this.#publish({ entries, isComplete: true });
	}

	#queue(ids: string[] | null): void {
		if (ids === null) this.#reloadAll = true;
		else {
			this.#pending ??= new Set();
			for (const id of ids) this.#pending.add(id);
		}
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#ready.then(() => this.#flush()), COALESCE_MS);
	}

	async #flush(): Promise<void> {
		const ids = this.#pending ? [...this.#pending] : [];
		const reloadAll = this.#reloadAll;
		this.#pending = null;
		this.#reloadAll = false;
		if (reloadAll) return this.#readAll();
		if (ids.length === 0) return;
		const rows = await getImageRows(this.#db, ids);
		for (const id of ids) this.#byId.delete(id);
		for (const row of rows)
			if (row.deletedAt === null) this.#byId.set(row.id, toGalleryEntry(this.#db, row));
		this.#publish({ entries: [...this.#byId.values()].sort(newestFirst), isComplete: true });
	}

	#publish(snapshot: GallerySnapshot): void {
		this.#snapshot = snapshot;
		for (const listener of this.#listeners) listener(snapshot);
	}
}

const indexes = new WeakMap<StudioDB, GalleryIndex>();

function forget(db: StudioDB): void {
	indexes.get(db)?.close();
	indexes.delete(db);
}

/** The database's gallery index, started on first use and kept until the database closes. */
export function galleryIndexFor(db: StudioDB): GalleryIndex {
	let index = indexes.get(db);
	if (!index) {
		const created = new GalleryIndex(db);
		index = created;
		indexes.set(db, created);
		db.on('close', () => forget(db));
	}
	return index;
}
