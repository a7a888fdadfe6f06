/**
 * Base64 / data-URL decoding of provider images plus a cheap sanity check (magic bytes through the
 * one sniffer in server/media/sniff.ts with the provider-output allow-list, PNG end).
 * This is not validation: the relay still decodes every image with sharp in server/media.
 */
import type { ErrorCode } from '#shared/protocol';
import { PROVIDER_OUTPUT_MIMES, sniffImageMime } from '../media/sniff';
import { ProviderError } from './provider';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_URL = /^[A-Za-z0-9_-]*={0,2}$/;
const PNG_IEND = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

function bad(label: string, why: string, code: ErrorCode = 'PROVIDER_BAD_RESPONSE'): ProviderError {
	return new ProviderError({ code, message: `${label}: ${why}` });
}

/**
 * Decodes a base64 image (standard or URL alphabet, whitespace ignored) and checks it looks whole.
 * @throws ProviderError PROVIDER_BAD_RESPONSE when it is not base64, not an image, or a cut-off PNG.
 */
export function decodeBase64Image(
	data: string,
	label: string
): { bytes: Uint8Array; mime: string } {
	const bytes = decodeCanonical(data) ?? decodeLenient(data, label);
	return { bytes, mime: checkImageBytes(bytes, label) };
}

const withoutPadding = (s: string) =>
	s.endsWith('==') ? s.slice(0, -2) : s.endsWith('=') ? s.slice(0, -1) : s;

/**
 * The fast path for what encoders actually send (no whitespace, canonical): decode, encode again,
 * compare — about 5 ms for a 4 MB answer, where the alphabet regex below takes ~30 ms per test on a
 * string sliced out of a larger one. Null when the round trip differs (then the lenient path decides).
 */
function decodeCanonical(data: string): Uint8Array | null {
	if (data.length === 0 || data.length % 4 === 1) return null;
	const buffer = Buffer.from(data, 'base64'); // Node decodes both alphabets and skips anything else
	const body = withoutPadding(data);
	if (body === withoutPadding(buffer.toString('base64')) || body === buffer.toString('base64url'))
		return new Uint8Array(buffer);
	return null;
}

function decodeLenient(data: string, label: string): Uint8Array {
	const clean = data.replace(/\s+/g, '');
	if (
		clean.length === 0 ||
		clean.length % 4 === 1 ||
		!(BASE64.test(clean) || BASE64_URL.test(clean))
	) {
		throw bad(label, 'image data is not valid base64');
	}
	return new Uint8Array(Buffer.from(clean, BASE64.test(clean) ? 'base64' : 'base64url'));
}

/**
 * Checks that `bytes` start like an image and, for PNG, end with IEND (truncation is common).
 * @returns the sniffed mime type.
 * @throws ProviderError PROVIDER_BAD_RESPONSE otherwise.
 */
export function checkImageBytes(bytes: Uint8Array, label: string): string {
	const mime = sniffImageMime(bytes, PROVIDER_OUTPUT_MIMES);
	if (!mime) throw bad(label, 'the returned data is not a PNG, JPEG, WebP or GIF image');
	if (mime === 'image/png') {
		const tail = bytes.subarray(bytes.length - 8);
		if (tail.length !== 8 || !PNG_IEND.every((b, i) => tail[i] === b))
			throw bad(label, 'the returned PNG is truncated');
	}
	return mime;
}

/**
 * Decodes a `data:<mime>;base64,<data>` URL into image bytes.
 * @throws ProviderError PROVIDER_BAD_RESPONSE for any other URL or bad data.
 */
export function decodeDataUrl(url: string, label: string): { bytes: Uint8Array; mime: string } {
	const match = /^data:([\w.+/-]*)(;[^,]*)?,(.*)$/s.exec(url);
	if (!match || !(match[2] ?? '').split(';').includes('base64')) {
		throw bad(label, 'expected a base64 data: URL for the image');
	}
	return decodeBase64Image(match[3], label);
}

/** Base64 (standard alphabet, padded) of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** A `data:<mime>;base64,…` URL for `bytes` (lowercase mime, as Ark requires). */
export function toDataUrl(bytes: Uint8Array, mime: string): string {
	return `data:${mime.toLowerCase()};base64,${toBase64(bytes)}`;
}
