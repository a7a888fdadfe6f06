/**
 * Drops metadata from PNG and JPEG bytes without decoding or re-encoding the picture: the pixels
 * stay byte-identical and the cost is one pass over the file, where a re-encode of a 1024² PNG
 * costs a few hundred milliseconds. Kept: what changes how the pixels look (palette,
 * transparency, colour profile and gamma) and the image data. Dropped: text, EXIF, XMP, IPTC,
 * comments, timestamps, APNG animation and any private chunk or segment.
 *
 * Written here: the maintained image libraries (sharp included) strip metadata only by re-encoding,
 * and the old chunk packages (png-chunks-extract, 2016) pin outdated CRC code; the formats'
 * container layouts are short and fixed. Callers must still decode the image (images.ts does) —
 * this only splits containers and answers null for anything it does not fully understand.
 * @see https://www.w3.org/TR/png-3/#5Chunk-layout  https://www.w3.org/Graphics/JPEG/itu-t81.pdf (B.1)
 */
import { crc32 } from 'node:zlib';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Chunks that carry pixels or change how they look. */
const PNG_KEEP = new Set([
	'IHDR',
	'PLTE',
	'IDAT',
	'IEND',
	'tRNS',
	'cHRM',
	'gAMA',
	'iCCP',
	'sBIT',
	'sRGB',
	'cICP',
	'mDCV',
	'cLLI'
]);

/** The PNG with only {@link PNG_KEEP} chunks, or null when the container is malformed (bad length or CRC, no IEND). */
export function stripPng(bytes: Uint8Array): Uint8Array | null {
	if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const kept: Uint8Array[] = [bytes.subarray(0, 8)];
	let size = 8;
	for (let at = 8; ;) {
		if (at + 12 > bytes.length) return null;
		const length = view.getUint32(at);
		const end = at + 12 + length;
		if (length > 0x7fffffff || end > bytes.length) return null;
		const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
		if (PNG_KEEP.has(type)) {
			// Kept chunks go out unchanged, so they are checked: a damaged one is not ours to pass on.
			if (crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0 !== view.getUint32(at + 8 + length))
				return null;
			kept.push(bytes.subarray(at, end));
			size += end - at;
		}
		if (type === 'IEND') break;
		at = end;
	}
	return concat(kept, size);
}

/** JPEG markers kept besides the image data: JFIF (APP0), ICC profile (APP2), Adobe colour transform (APP14). */
const JPEG_KEEP_APP = new Set([0xe0, 0xe2, 0xee]);

/** The JPEG without APP1 (EXIF, XMP), APP13 (IPTC), other APPn and COM segments, or null when malformed. */
export function stripJpeg(bytes: Uint8Array): Uint8Array | null {
	if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
	const kept: Uint8Array[] = [bytes.subarray(0, 2)];
	let size = 2;
	for (let at = 2; ;) {
		if (at + 4 > bytes.length || bytes[at] !== 0xff) return null;
		const marker = bytes[at + 1];
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		const length = (bytes[at + 2] << 8) | bytes[at + 3];
		const end = at + 2 + length;
		if (length < 2 || end > bytes.length) return null;
		const isApp = marker >= 0xe0 && marker <= 0xef;
		if (!(isApp && !JPEG_KEEP_APP.has(marker)) && marker !== 0xfe) {
			kept.push(bytes.subarray(at, end));
			size += end - at;
		}
		if (marker === 0xda) {
			// Start of scan: entropy-coded data and every later marker go as they are.
			kept.push(bytes.subarray(end));
			size += bytes.length - end;
			break;
		}
		at = end;
	}
	return concat(kept, size);
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
	const out = new Uint8Array(size);
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}
