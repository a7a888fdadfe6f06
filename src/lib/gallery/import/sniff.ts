/** The image type by the file's first bytes (names and browser-declared types lie). */
import type { IMPORT_MIME_TYPES } from '../../shared/mutations/image-import.args';

export type ImportMime = (typeof IMPORT_MIME_TYPES)[number];

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) =>
	prefix.every((b, i) => bytes[at + i] === b);

/** image/png, image/jpeg or image/webp, else null. */
export function sniffImageMime(bytes: Uint8Array): ImportMime | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
		return 'image/webp';
	return null;
}
