/**
 * XMP in JPEG: an APP1 segment headed `http://ns.adobe.com/xap/1.0/\0`, placed after the
 * JFIF/Exif segments. Replaces an XMP segment already there; reads one back. Hand-written
 * because no maintained browser library writes XMP into JPEG (piexifjs writes Exif only).
 * @see https://developer.adobe.com/xmp/docs/XMPSpecifications/ (Part 3, §1.1.3)
 */
import { concat } from './png-text';

const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
/** A segment's length field counts itself (2 bytes) and may not exceed 0xffff. */
export const MAX_JPEG_XMP_BYTES = 0xffff - 2 - XMP_HEADER.length;

interface Segment {
	marker: number;
	start: number;
	end: number;
}

/** Whether the bytes start like a JPEG (SOI marker). */
export function isJpeg(bytes: Uint8Array): boolean {
	return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8;
}

/** The header segments before the scan (SOS), each with its byte range. */
function headerSegments(bytes: Uint8Array): Segment[] {
	const segments: Segment[] = [];
	let offset = 2;
	while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
		const marker = bytes[offset + 1];
		if (marker === 0xda || marker === 0xd9) break; // start of scan / end of image
		const end = offset + 2 + ((bytes[offset + 2] << 8) | bytes[offset + 3]);
		segments.push({ marker, start: offset, end });
		offset = end;
	}
	return segments;
}

const isXmp = (bytes: Uint8Array, s: Segment) =>
	s.marker === 0xe1 &&
	new TextDecoder('latin1').decode(bytes.subarray(s.start + 4, s.start + 4 + XMP_HEADER.length)) ===
		XMP_HEADER;

/**
 * The JPEG with `packet` as its XMP segment.
 * @throws {RangeError} when the packet is larger than one segment holds ({@link MAX_JPEG_XMP_BYTES}).
 */
export function writeJpegXmp(bytes: Uint8Array, packet: string): Uint8Array {
	const body = new TextEncoder().encode(XMP_HEADER + packet);
	if (body.length > MAX_JPEG_XMP_BYTES + XMP_HEADER.length)
		throw new RangeError('XMP packet too large for one JPEG segment');
	const length = body.length + 2;
	const segment = concat([Uint8Array.of(0xff, 0xe1, length >> 8, length & 0xff), body]);
	const segments = headerSegments(bytes);
	const old = segments.filter((s) => isXmp(bytes, s));
	// After SOI and any APP0 (JFIF) / APP1 (Exif) that lead the file, as readers expect.
	let at = 2;
	for (const s of segments) {
		if (s.marker !== 0xe0 && s.marker !== 0xe1) break;
		at = s.end;
	}
	const parts: Uint8Array[] = [];
	let cursor = 0;
	for (const cut of [
		...old.map((s) => ({ ...s, insert: false })),
		{ start: at, end: at, marker: 0, insert: true }
	].sort((a, b) => a.start - b.start)) {
		parts.push(bytes.subarray(cursor, cut.start));
		if (cut.insert) parts.push(segment);
		cursor = cut.end;
	}
	parts.push(bytes.subarray(cursor));
	return concat(parts);
}

/** The XMP packet of a JPEG, or null when it has none. */
export function readJpegXmp(bytes: Uint8Array): string | null {
	const segment = headerSegments(bytes).find((s) => isXmp(bytes, s));
	return segment
		? new TextDecoder().decode(bytes.subarray(segment.start + 4 + XMP_HEADER.length, segment.end))
		: null;
}
