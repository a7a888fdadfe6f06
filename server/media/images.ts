/**
 * The only module that imports sharp. Decodes untrusted image bytes with explicit limits, applies
 * EXIF orientation, strips metadata and makes the 256 px WebP thumbnails.
 */
import sharp, { type Metadata } from 'sharp';
import { stripJpeg, stripPng } from './strip-metadata';

/** Decompression-bomb guard: the largest image we will decode (about 50 megapixels). */
export const MAX_INPUT_PIXELS = 50_000_000;
export const THUMBNAIL_SIZE = 256;
const ALLOWED = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
type AllowedFormat = keyof typeof ALLOWED;
/** Formats decoded per origin (the same allow-lists as server/media/sniff.ts); GIF is stored as PNG. */
const DECODABLE = {
	upload: ['png', 'jpeg', 'webp'],
	'provider-output': ['png', 'jpeg', 'webp', 'gif']
} as const;
export type ImageOrigin = keyof typeof DECODABLE;

// Bound memory and CPU: libvips' cache is not useful for one-shot decodes; two threads per op.
sharp.cache(false);
sharp.concurrency(2);

export class ImageRejectedError extends Error {}

export interface CleanImage {
	bytes: Uint8Array;
	mime: (typeof ALLOWED)[AllowedFormat];
	width: number;
	height: number;
}

function open(bytes: Uint8Array) {
	return sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, animated: false });
}

/**
 * Fully decodes `bytes` (JPEG/PNG/WebP; provider output may also be GIF, first frame, stored as
 * PNG), applies orientation and re-encodes without metadata (same format, GIF becomes PNG).
 * Throws {@link ImageRejectedError} on anything else or on damage.
 */
export async function cleanImage(
	bytes: Uint8Array,
	origin: ImageOrigin = 'upload'
): Promise<CleanImage> {
	let format: string | undefined;
	try {
		format = (await open(bytes).metadata()).format;
	} catch {
		throw new ImageRejectedError('The bytes are not a readable image.');
	}
	const decodable: readonly string[] = DECODABLE[origin];
	if (!format || !decodable.includes(format)) {
		throw new ImageRejectedError(
			`Image format ${format ?? 'unknown'} is not allowed (${origin === 'upload' ? 'JPEG, PNG or WebP' : 'JPEG, PNG, WebP or GIF'} only).`
		);
	}
	if (format === 'gif') format = 'png';
	const pipeline = open(bytes).rotate();
	const encoded =
		format === 'png'
			? pipeline.png({ compressionLevel: 6 })
			: format === 'jpeg'
				? pipeline.jpeg({ quality: 92, mozjpeg: true })
				: pipeline.webp({ quality: 92 });
	try {
		const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
		return {
			bytes: new Uint8Array(data),
			mime: ALLOWED[format as AllowedFormat],
			width: info.width,
			height: info.height
		};
	} catch {
		throw new ImageRejectedError('The image is damaged or truncated.');
	}
}

/** A WebP thumbnail that fits in 256×256, never enlarged. */
export async function makeThumbnail(bytes: Uint8Array): Promise<CleanImage> {
	const { data, info } = await open(bytes)
		.rotate()
		.resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
		// Effort 1 of 6: the thumbnail is on every generation's critical path, and at 256 px the
		// default effort (4) costs twice the time for a file within a few per cent of the size.
		.webp({ quality: 78, effort: 1 })
		.toBuffer({ resolveWithObject: true });
	return {
		bytes: new Uint8Array(data),
		mime: 'image/webp',
		width: info.width,
		height: info.height
	};
}

export interface ProcessedImage {
	original: CleanImage;
	thumbnail: CleanImage;
}

/**
 * {@link cleanImage} and {@link makeThumbnail} with one decode: the thumbnail pipeline decodes the
 * whole image (so damage, truncation and the pixel limit are still caught), and an upright PNG or
 * JPEG keeps its own encoded pixels with the metadata cut out (strip-metadata.ts) instead of being
 * re-encoded. Anything else — WebP, GIF, an EXIF rotation, a container the stripper does not
 * understand — takes the re-encoding path as before.
 */
export async function processImage(
	bytes: Uint8Array,
	origin: ImageOrigin = 'upload'
): Promise<ProcessedImage> {
	let meta: Metadata;
	try {
		meta = await open(bytes).metadata();
	} catch {
		throw new ImageRejectedError('The bytes are not a readable image.');
	}
	const upright = !meta.orientation || meta.orientation === 1;
	const stripped = !upright
		? null
		: meta.format === 'png'
			? stripPng(bytes)
			: meta.format === 'jpeg'
				? stripJpeg(bytes)
				: null;
	if (!stripped || !meta.width || !meta.height) {
		const original = await cleanImage(bytes, origin);
		return { original, thumbnail: await makeThumbnail(original.bytes) };
	}
	let thumbnail: CleanImage;
	try {
		thumbnail = await makeThumbnail(stripped);
	} catch {
		throw new ImageRejectedError('The image is damaged or truncated.');
	}
	return {
		original: {
			bytes: stripped,
			mime: ALLOWED[meta.format as 'png' | 'jpeg'],
			width: meta.width,
			height: meta.height
		},
		thumbnail
	};
}
