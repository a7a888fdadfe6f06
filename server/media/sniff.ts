/**
 * The one magic-byte sniffer, with an allow-list per use, and header-only dimension reading for
 * uploads. No sharp here: this runs before any decode, so formats outside the allow-list (SVG,
 * HTML, polyglots, empty bodies, GIF for uploads) and images that claim absurd dimensions are
 * turned away without touching libvips.
 */

export type SniffedMime = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

/** What a person may upload as a source image. */
export const UPLOAD_MIMES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type UploadMime = (typeof UPLOAD_MIMES)[number];

/** What a provider may answer with: also GIF, which sharp decodes and the relay stores as PNG. */
export const PROVIDER_OUTPUT_MIMES = [...UPLOAD_MIMES, 'image/gif'] as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ascii(bytes: Uint8Array, start: number, end: number): string {
	return String.fromCharCode(...bytes.subarray(start, end));
}

function detect(b: Uint8Array): SniffedMime | null {
	if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'image/png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP')
		return 'image/webp';
	if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'))
		return 'image/gif';
	return null;
}

/** The image type of `bytes` by magic number when it is in `allowed`, else null. */
export function sniffImageMime<M extends SniffedMime>(
	bytes: Uint8Array,
	allowed: readonly M[]
): M | null {
	const mime = detect(bytes);
	return mime !== null && (allowed as readonly SniffedMime[]).includes(mime) ? (mime as M) : null;
}

/** The upload type of `bytes` (JPEG, PNG or WebP), or null for anything else. */
export function sniffUploadMime(bytes: Uint8Array): UploadMime | null {
	return sniffImageMime(bytes, UPLOAD_MIMES);
}

/**
 * The dimensions an image's header claims, or null when they cannot be read cheaply (the full
 * decode with limits in server/media/images.ts still decides). Used to refuse decompression bombs
 * with a clear message before any pixel work.
 */
export function claimedDimensions(
	bytes: Uint8Array,
	mime: UploadMime
): { width: number; height: number } | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	try {
		if (mime === 'image/png') {
			if (bytes.length < 24 || ascii(bytes, 12, 16) !== 'IHDR') return null;
			return { width: view.getUint32(16), height: view.getUint32(20) };
		}
		if (mime === 'image/jpeg') {
			let i = 2;
			while (i + 9 < bytes.length) {
				if (bytes[i] !== 0xff) return null;
				const marker = bytes[i + 1];
				if (marker === 0xff) {
					i++;
					continue;
				}
				// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
				if (
					marker >= 0xc0 &&
					marker <= 0xcf &&
					marker !== 0xc4 &&
					marker !== 0xc8 &&
					marker !== 0xcc
				) {
					return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
				}
				if (marker === 0xd9 || marker === 0xda) return null;
				i += 2 + view.getUint16(i + 2);
			}
			return null;
		}
		// WebP: the first chunk after the RIFF header.
		const chunk = ascii(bytes, 12, 16);
		if (chunk === 'VP8X' && bytes.length >= 30) {
			const w = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16));
			const h = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16));
			return { width: w, height: h };
		}
		if (chunk === 'VP8 ' && bytes.length >= 30) {
			return {
				width: view.getUint16(26, true) & 0x3fff,
				height: view.getUint16(28, true) & 0x3fff
			};
		}
		if (chunk === 'VP8L' && bytes.length >= 25) {
			const bits = view.getUint32(21, true);
			return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
		}
		return null;
	} catch {
		return null;
	}
}
