/**
 * What the gallery's buttons do: each write is a named mutation through the repositories (so it
 * syncs), failures reach the person as a toast in their language, deletes offer Undo.
 */
import {
	addToCollection,
	createCollection,
	deleteCollection,
	removeFromCollection,
	renameCollection
} from '../db/collection.repository';
import type { StudioDB } from '../db/database';
import {
	discardImages,
	restoreImages,
	setImageFavourite,
	trashImages
} from '../db/image.repository';
import { MutationError } from '../db/mutations/mutate';
import { handleError } from '../errors';
import { t, tPlural } from '../i18n/locale.svelte';
import { connection } from '../state/connection.svelte';
import { toasts } from '../state/toasts.svelte';
import { keepOffline } from './keep-offline';

/** Runs a write; a failure is shown and gives null (a success may itself be undefined). */
async function run<T>(action: () => Promise<T>): Promise<{ value: T } | null> {
	try {
		return { value: await action() };
	} catch (error) {
		if (error instanceof MutationError)
			toasts.push(
				t(error.code === 'INVALID' ? 'gallery.error.invalid' : 'gallery.error.gone'),
				'error'
			);
		else handleError(error, 'gallery');
		return null;
	}
}

/** Favourites or unfavourites images one by one (each an `image.patch`). */
export async function setFavourite(db: StudioDB, ids: string[], favourite: boolean): Promise<void> {
	await run(async () => {
		for (const id of ids) await setImageFavourite(db, id, favourite);
	});
}

/** Moves images to the Trash and offers Undo in a toast. */
export async function trashWithUndo(db: StudioDB, ids: string[]): Promise<boolean> {
	if (!(await run(() => trashImages(db, ids)))) return false;
	toasts.push(tPlural('gallery.trashed', ids.length), 'info', {
		label: t('gallery.undo'),
		run: () => void restore(db, ids)
	});
	return true;
}

/** Takes images out of the Trash. */
export async function restore(db: StudioDB, ids: string[]): Promise<void> {
	await run(() => restoreImages(db, ids));
}

/** Deletes trashed images for good. */
export async function discard(db: StudioDB, ids: string[]): Promise<void> {
	await run(() => discardImages(db, ids));
}

/** Creates a collection; returns its id, or undefined when the name was refused. */
export async function newCollection(db: StudioDB, name: string): Promise<string | undefined> {
	return (await run(() => createCollection(db, name)))?.value;
}

export async function rename(db: StudioDB, id: string, name: string): Promise<boolean> {
	return (await run(() => renameCollection(db, id, name))) !== null;
}

export async function removeCollection(db: StudioDB, id: string): Promise<void> {
	await run(() => deleteCollection(db, id));
}

/** Adds images to a collection and says so. */
export async function addImages(
	db: StudioDB,
	id: string,
	name: string,
	ids: string[]
): Promise<void> {
	if (await run(() => addToCollection(db, id, ids)))
		toasts.push(tPlural('gallery.added', ids.length, { name }));
}

export async function removeImages(db: StudioDB, id: string, ids: string[]): Promise<void> {
	await run(() => removeFromCollection(db, id, ids));
}

/** Downloads (when missing) and pins the originals of images; says how many, and how many could not be had. */
export async function keepImagesOffline(
	db: StudioDB,
	images: Array<{ sha256: string }>
): Promise<void> {
	const done = await run(() => keepOffline(db, images, { online: connection.online }));
	if (!done) return;
	toasts.push(tPlural('gallery.offline.kept', done.value.kept), 'info');
	if (done.value.missing > 0)
		toasts.push(tPlural('gallery.offline.missing', done.value.missing), 'error');
}
