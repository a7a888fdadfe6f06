/**
 * One image out of the app: download (provenance written in), copy to the clipboard (PNG, as
 * the Clipboard API requires), share (Web Share with a file, where the browser has it).
 * Browser only; failures are returned or thrown to the caller, which tells the person.
 */
import { provenanceOf } from '../provenance/record';
import { writeProvenance } from '../provenance/write';
import type { ImageRow } from '../shared/schemas/rows';
import { imageFileName } from '../utils/file-name';

/** The original as a named file with its provenance written in (as stored when that fails). */
export function imageFile(image: ImageRow, original: ArrayBuffer | Uint8Array): File {
	const bytes = original instanceof Uint8Array ? original : new Uint8Array(original);
	let out = bytes;
	try {
		out = writeProvenance(bytes, provenanceOf(image));
	} catch {
		// A damaged original is still the person's image: hand it over as stored.
	}
	return new File([out as Uint8Array<ArrayBuffer>], imageFileName(image), {
		type: image.mime,
		lastModified: image.createdAt
	});
}

/** Starts a download of the file through a temporary object URL. */
export function downloadFile(file: File): void {
	const url = URL.createObjectURL(file);
	const link = Object.assign(document.createElement('a'), {
		href: url,
		download: file.name,
		rel: 'noopener'
	});
	document.body.append(link);
	link.click();
	link.remove();
	// Revoke later: some browsers read the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The bytes as a PNG blob (re-encoded through a canvas when they are another type). */
async function asPng(file: Blob): Promise<Blob> {
	if (file.type === 'image/png') return file;
	const bitmap = await createImageBitmap(file);
	const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
	canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
	bitmap.close();
	return canvas.convertToBlob({ type: 'image/png' });
}

/** Whether this browser can put an image on the clipboard. */
export const canCopyImages = () =>
	typeof ClipboardItem !== 'undefined' && !!navigator.clipboard?.write;

/** Copies the image as PNG. Call from the click itself: the promise keeps the user gesture (Safari). */
export function copyImage(original: Blob): Promise<void> {
	return navigator.clipboard.write([new ClipboardItem({ 'image/png': asPng(original) })]);
}

/** Whether the browser can share this file (Web Share level 2; mostly phones). */
export function canShareFile(file: File): boolean {
	return typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] });
}

/** Opens the system share sheet with the file. Rejects with AbortError when the person closes it. */
export function shareFile(file: File, title: string): Promise<void> {
	return navigator.share({ files: [file], title });
}
