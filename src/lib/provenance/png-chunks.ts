/**
 * Splits a PNG into its chunks and joins chunks back into a PNG, with CRC-32 checked on read and
 * written on write. Knows nothing of what a chunk means (png-text.ts does text chunks).
 *
 * Written here rather than with `png-chunks-extract`/`png-chunks-encode`: those were last
 * published in 2016, are CommonJS and pin `crc-32@0.3`; walking chunks is a dozen lines. The CRC
 * itself comes from the maintained `crc-32` package.
 * @see https://www.w3.org/TR/png-3/#5Chunk-layout
 */
import CRC32 from 'crc-32';

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One chunk: its four-letter type and its data (without length and CRC). */
export interface PngChunk {
	type: string;
	data: Uint8Array;
	/** The CRC as read; reused on write so unchanged chunks (megabytes of IDAT) are not summed again. */
	crc?: number;
}

/** Thrown for bytes that are not a well-formed PNG. */
export class PngFormatError extends Error {
	override name = 'PngFormatError';
}

/** Whether the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
	return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

const typeBytes = (type: string) => Uint8Array.from(type, (c) => c.charCodeAt(0));

/** CRC-32 of a chunk's type and data, as an unsigned 32-bit number. */
export function chunkCrc(type: string, data: Uint8Array): number {
	return CRC32.buf(data, CRC32.buf(typeBytes(type))) >>> 0;
}

/**
 * The chunks of a PNG, in file order, up to and including IEND. `verify: false` skips the CRC
 * check of image data (IDAT) — for our own stored originals, whose bytes are hash-checked anyway.
 * @throws {PngFormatError} when the signature, a length or a checked CRC is wrong.
 */
export function readPngChunks(bytes: Uint8Array, options: { verify?: boolean } = {}): PngChunk[] {
	const verify = options.verify ?? true;
	if (!isPng(bytes)) throw new PngFormatError('Not a PNG file');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const chunks: PngChunk[] = [];
	let offset = 8;
	while (offset + 12 <= bytes.length) {
		const length = view.getUint32(offset);
		const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
		const end = offset + 12 + length;
		if (end > bytes.length) throw new PngFormatError(`Chunk ${type} runs past the end of the file`);
		const data = bytes.subarray(offset + 8, offset + 8 + length);
		const crc = view.getUint32(offset + 8 + length);
		if ((verify || type !== 'IDAT') && crc !== chunkCrc(type, data))
			throw new PngFormatError(`Chunk ${type} has a bad CRC`);
		chunks.push({ type, data, crc });
		offset = end;
		if (type === 'IEND') return chunks;
	}
	throw new PngFormatError('PNG has no IEND chunk');
}

/** A PNG file made of the given chunks (the caller keeps IHDR first and IEND last). */
export function writePngChunks(chunks: readonly PngChunk[]): Uint8Array {
	const size = 8 + chunks.reduce((sum, chunk) => sum + 12 + chunk.data.length, 0);
	const out = new Uint8Array(size);
	const view = new DataView(out.buffer);
	out.set(PNG_SIGNATURE, 0);
	let offset = 8;
	for (const { type, data, crc } of chunks) {
		view.setUint32(offset, data.length);
		out.set(typeBytes(type), offset + 4);
		out.set(data, offset + 8);
		view.setUint32(offset + 8 + data.length, crc ?? chunkCrc(type, data));
		offset += 12 + data.length;
	}
	return out;
}
