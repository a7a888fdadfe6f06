/**
 * Turns picked files (a folder, several files, or a ZIP's entries) into the images of an
 * image-to-image batch: images are paired with a sidecar `.txt` of the same base name, which
 * holds that image's prompt. Pure apart from reading ZIP bytes with fflate.
 */
import { unzipSync } from 'fflate';

/** A file's name and bytes, wherever it came from. */
export interface NamedBytes {
	/** The path inside the folder or ZIP (`trip/cat.png`) or the bare file name. */
	name: string;
	bytes: Uint8Array;
}

/** One source image of a batch, with the prompt from its sidecar if it has one. */
export interface SourceImage {
	/** The file name without folders, used to name the output. */
	label: string;
	mime: string;
	bytes: Uint8Array;
	sidecarPrompt: string | null;
}

const IMAGE_TYPES: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp'
};

/** Most bytes a ZIP may unpack to (keeps a zip bomb from filling memory). */
export const MAX_ZIP_UNPACKED_BYTES = 500 * 1024 * 1024;

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;
const extension = (name: string) =>
	name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
const stem = (path: string) => {
	const name = path.replace(/\\/g, '/');
	return name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
};
/** Hidden files and macOS resource forks (`__MACOSX/`, `._x.png`, `.DS_Store`) are not sources. */
const isJunk = (path: string) =>
	path.split(/[\\/]/).some((part) => part.startsWith('.') || part === '__MACOSX');

/** The image MIME type for a file name, or null when it is not an image we accept. */
export function imageMimeOf(name: string): string | null {
	return IMAGE_TYPES[extension(name)] ?? null;
}

/**
 * Images with their sidecar prompts, sorted by path. A sidecar pairs with the image of the same
 * path minus extension (`a/cat.png` ↔ `a/cat.txt`); other files are ignored.
 */
export function pairSidecars(files: NamedBytes[]): SourceImage[] {
	const decoder = new TextDecoder();
	const sidecars = new Map<string, string>();
	for (const file of files) {
		if (isJunk(file.name) || extension(file.name) !== 'txt') continue;
		sidecars.set(stem(file.name).toLowerCase(), decoder.decode(file.bytes).trim());
	}
	return files
		.filter((file) => !isJunk(file.name) && imageMimeOf(file.name) !== null)
		.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))
		.map((file) => ({
			label: baseName(file.name),
			mime: imageMimeOf(file.name) as string,
			bytes: file.bytes,
			sidecarPrompt: sidecars.get(stem(file.name).toLowerCase()) || null
		}));
}

/**
 * The files inside a ZIP (folders skipped).
 * @throws {Error} when the bytes are not a ZIP or unpack to more than {@link MAX_ZIP_UNPACKED_BYTES}.
 */
export function readZip(bytes: Uint8Array): NamedBytes[] {
	let total = 0;
	const entries = unzipSync(bytes, {
		filter: (file) => {
			if (file.name.endsWith('/')) return false;
			total += file.originalSize;
			if (total > MAX_ZIP_UNPACKED_BYTES) throw new Error('The ZIP unpacks to more than 500 MB.');
			return true;
		}
	});
	return Object.entries(entries).map(([name, data]) => ({ name, bytes: data }));
}

/** Whether a picked file is a ZIP archive (by name or type). */
export function isZipName(name: string, type = ''): boolean {
	return (
		extension(name) === 'zip' ||
		type === 'application/zip' ||
		type === 'application/x-zip-compressed'
	);
}

/** Makes an output name from an input's label: `cat.png` → `cat` (the download adds the extension). */
export function outputStem(label: string): string {
	return stem(baseName(label));
}
