/**
 * A ZIP of images as a stream (client-zip, stored entries): each original with its provenance
 * written in, then manifest.csv and manifest.json. Pull-based: an original is loaded only when
 * the consumer wants more bytes, with a small lookahead, so memory holds at most
 * `lookahead + 1` originals whatever the number of images. No browser-only APIs here.
 */
import { makeZip } from 'client-zip';
import { APP_VERSION, provenanceOf } from '../provenance/record';
import { writeProvenance } from '../provenance/write';
import type { ImageRow } from '../shared/schemas/rows';
import { imageFileName } from '../utils/file-name';
import { manifestCsv, manifestEntry, manifestJson, type ManifestEntry } from './manifest';

/** Where an export stands; `missing` counts originals that were neither on the device nor at the relay. */
export interface ZipProgress {
	done: number;
	total: number;
	bytes: number;
	missing: number;
}

export interface ZipImagesOptions {
	images: readonly ImageRow[];
	/** The original's bytes, or undefined when it cannot be had (offline, gone). */
	loadOriginal: (image: ImageRow, signal: AbortSignal) => Promise<Uint8Array | undefined>;
	onProgress?: (progress: ZipProgress) => void;
	signal?: AbortSignal;
	/** Originals loaded ahead of the one being written (overlaps relay fetches). */
	lookahead?: number;
	appVersion?: string;
	now?: () => number;
}

/** The ZIP as a byte stream; it errors with the abort reason when `signal` aborts. */
export function zipImages(options: ZipImagesOptions): ReadableStream<Uint8Array> {
	return makeZip(entries(options), { buffersAreUTF8: true });
}

async function* entries(options: ZipImagesOptions) {
	const { images, loadOriginal, onProgress, lookahead = 2 } = options;
	const signal = options.signal ?? new AbortController().signal;
	const manifest: ManifestEntry[] = [];
	const names = new Set<string>();
	const progress: ZipProgress = { done: 0, total: images.length, bytes: 0, missing: 0 };
	const pending = new Map<number, Promise<Uint8Array | undefined>>();
	const load = (i: number) => {
		// Swallow here and surface on await, so a failed prefetch is not an unhandled rejection.
		const promise = loadOriginal(images[i], signal);
		promise.catch(() => undefined);
		pending.set(i, promise);
	};
	for (let i = 0; i < images.length; i++) {
		for (let j = i; j <= Math.min(i + lookahead, images.length - 1); j++)
			if (!pending.has(j)) load(j);
		signal.throwIfAborted();
		const original = await pending.get(i);
		pending.delete(i);
		signal.throwIfAborted();
		const image = images[i];
		if (original) {
			const name = uniqueName(imageFileName(image), names);
			const bytes = withProvenance(original, image, options.appVersion);
			manifest.push(manifestEntry(image, name));
			progress.bytes += bytes.length;
			yield { name, input: bytes, lastModified: new Date(image.createdAt) };
		} else {
			manifest.push(manifestEntry(image, ''));
			progress.missing += 1;
		}
		progress.done += 1;
		onProgress?.({ ...progress });
	}
	const exportedAt = (options.now ?? Date.now)();
	yield { name: 'manifest.csv', input: manifestCsv(manifest), lastModified: new Date(exportedAt) };
	yield {
		name: 'manifest.json',
		input: manifestJson(manifest, { appVersion: options.appVersion ?? APP_VERSION, exportedAt }),
		lastModified: new Date(exportedAt)
	};
}

function withProvenance(bytes: Uint8Array, image: ImageRow, appVersion?: string): Uint8Array {
	try {
		return writeProvenance(bytes, provenanceOf(image, appVersion));
	} catch {
		// A damaged original still goes in, as stored.
		return bytes;
	}
}

/** `name`, or `name-2.ext`, `name-3.ext`… when an earlier entry took it. */
export function uniqueName(name: string, taken: Set<string>): string {
	let candidate = name;
	for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.[^.]+)?$/, `-${n}$1`);
	taken.add(candidate);
	return candidate;
}
