/**
 * One ZIP export as UI state: progress, Cancel, outcome. Orchestrates picking the file, loading
 * the image rows, streaming the ZIP and telling the person how it went. One per button.
 */
import type { StudioDB } from '../db/database';
import { getImage } from '../db/image.repository';
import { handleError } from '../errors';
import { t, tPlural } from '../i18n/locale.svelte';
import type { ImageRow } from '../shared/schemas/rows';
import { toasts } from '../state/toasts.svelte';
import { loadOriginalForExport } from './originals';
import { chooseSaveTarget, saveStream } from './save-stream';
import { zipImages, type ZipProgress } from './zip-images';

/** Now, as a plain Date only read from (a default argument, so tests can pass their own). */
const currentTime = () => new Date();

const pad = (n: number) => String(n).padStart(2, '0');

/** `nano-banana-20261124-1622-12-images.zip` */
export function zipFileName(count: number, now: Date = currentTime()): string {
	const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
	return `nano-banana-${stamp}-${count}-images.zip`;
}

export class BulkDownload {
	progress = $state<ZipProgress | null>(null);
	isRunning = $derived(this.progress !== null);
	#controller: AbortController | null = null;

	/** Zips the images with these ids (in this order). Must be called from the click handler. */
	async start(db: StudioDB, ids: readonly string[]): Promise<void> {
		if (this.#controller || ids.length === 0) return;
		const target = await chooseSaveTarget(zipFileName(ids.length), t('viewer.zip.fileType'));
		if (!target) return;
		const controller = (this.#controller = new AbortController());
		this.progress = { done: 0, total: ids.length, bytes: 0, missing: 0 };
		try {
			const images = (await Promise.all(ids.map((id) => getImage(db, id)))).filter(
				(image): image is ImageRow => !!image
			);
			const stream = zipImages({
				images,
				signal: controller.signal,
				loadOriginal: (image, signal) => loadOriginalForExport(db, image.sha256, signal),
				onProgress: (progress) => (this.progress = progress)
			});
			await saveStream(stream, target, controller.signal);
			const missing = this.progress?.missing ?? 0;
			toasts.push(
				missing
					? tPlural('viewer.zip.doneMissing', missing)
					: tPlural('viewer.zip.done', images.length),
				missing ? 'error' : 'info'
			);
		} catch (error) {
			if (controller.signal.aborted) toasts.push(t('viewer.zip.cancelled'));
			else handleError(error, 'viewer.zip');
		} finally {
			this.#controller = null;
			this.progress = null;
		}
	}

	/** Stops the export; a file being written is discarded. */
	cancel(): void {
		this.#controller?.abort(new DOMException('Cancelled', 'AbortError'));
	}
}
