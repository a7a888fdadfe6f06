/**
 * The images of an edit become the user's source blobs, as an app upload does (PUT /blob): sniffed
 * (JPEG, PNG, WebP only), size-checked, cleaned and thumbnailed, stored, and made readable for the
 * user. Returns their stored hashes, in order, for the submit's `sourceHashes`.
 */
import { createHash } from 'node:crypto';
import type { RelayDeps } from '../../deps';
import { storeBlob } from '../../blobs/store-blob';
import {
	cleanImage,
	ImageRejectedError,
	makeThumbnail,
	MAX_INPUT_PIXELS
} from '../../media/images';
import { claimedDimensions, sniffUploadMime } from '../../media/sniff';
import { badParam } from './errors';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Checks every image before any is stored, so a bad one leaves nothing behind. */
export async function storeEditSources(
	deps: RelayDeps,
	userId: string,
	images: Uint8Array[]
): Promise<string[]> {
	if (images.length === 0)
		throw badParam('image', "An edit needs at least one image under 'image' or 'image[]'.");
	images.forEach((bytes, index) => {
		const mime = sniffUploadMime(bytes);
		if (!mime)
			throw badParam(
				`image[${index}]`,
				`image[${index}] is not a JPEG, PNG or WebP image.`,
				'UPLOAD_REJECTED'
			);
		const claimed = claimedDimensions(bytes, mime);
		if (
			claimed &&
			(claimed.width === 0 ||
				claimed.height === 0 ||
				claimed.width * claimed.height > MAX_INPUT_PIXELS)
		) {
			throw badParam(
				`image[${index}]`,
				`image[${index}] is ${claimed.width}×${claimed.height}; the most allowed is ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`,
				'UPLOAD_REJECTED'
			);
		}
	});
	const cleaned = [];
	for (const [index, bytes] of images.entries()) {
		try {
			const image = await cleanImage(bytes);
			cleaned.push({ image, thumb: await makeThumbnail(image.bytes) });
		} catch (error) {
			if (error instanceof ImageRejectedError)
				throw badParam(`image[${index}]`, `image[${index}]: ${error.message}`, 'UPLOAD_REJECTED');
			throw badParam(
				`image[${index}]`,
				`image[${index}] could not be read as an image.`,
				'UPLOAD_REJECTED'
			);
		}
	}
	const hashes: string[] = [];
	for (const { image, thumb } of cleaned) {
		const hash = sha256(image.bytes);
		const thumbHash = sha256(thumb.bytes);
		// Bytes, then the rows that make them this user's (GC-safe, see store-blob.ts).
		const now = deps.now();
		await storeBlob(
			deps,
			{
				sha256: hash,
				bytes: image.bytes,
				mime: image.mime,
				width: image.width,
				height: image.height
			},
			userId,
			now
		);
		await storeBlob(
			deps,
			{
				sha256: thumbHash,
				bytes: thumb.bytes,
				mime: thumb.mime,
				width: thumb.width,
				height: thumb.height
			},
			userId,
			now
		);
		hashes.push(hash);
	}
	return hashes;
}
