/**
 * A minimal PNG encoder (8-bit RGB, filter 0, zlib via node:zlib) for the demo provider and test fakes.
 * It only writes PNGs; it must not grow into an image library (sharp lives in server/media).
 */
import { deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** CRC-32 (ISO 3309, as PNG chunks use it) of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
	let c = 0xffffffff;
	for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
	return out;
}

/** An RGB raster: `rgb` holds `width * height * 3` bytes, row by row, top first. */
export interface RgbImage {
	width: number;
	height: number;
	rgb: Uint8Array;
}

/**
 * Encodes an RGB raster as a PNG file.
 * @param level zlib level; 1 (the default) keeps a 1344×768 image well under 50 ms.
 * @throws RangeError when the raster's byte length does not match its size.
 */
export function encodePng(image: RgbImage, level = 1): Uint8Array {
	const { width, height, rgb } = image;
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
		throw new RangeError(`Bad PNG size ${width}x${height}`);
	}
	const stride = width * 3;
	if (rgb.length !== stride * height)
		throw new RangeError('RGB buffer does not match the image size');
	// Each scanline is prefixed with its filter type byte; 0 = None.
	const raw = new Uint8Array((stride + 1) * height);
	for (let y = 0; y < height; y++)
		raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);

	const header = new Uint8Array(13);
	const view = new DataView(header.buffer);
	view.setUint32(0, width);
	view.setUint32(4, height);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: truecolour RGB
	// compression, filter method and interlace stay 0.

	const parts = [
		PNG_SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', new Uint8Array(deflateSync(raw, { level }))),
		chunk('IEND', new Uint8Array(0))
	];
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/** Reads width and height from a PNG's IHDR chunk; null when `bytes` is not a PNG. */
export function readPngSize(bytes: Uint8Array): { width: number; height: number } | null {
	if (bytes.length < 24 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
	return { width: view.getUint32(16), height: view.getUint32(20) };
}
