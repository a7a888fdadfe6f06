/**
 * XMP in WebP: an `XMP ` RIFF chunk at the end, announced by the XMP flag of a VP8X header
 * (made from the VP8/VP8L frame size when the file is a simple one). Replaces an XMP chunk
 * already there; reads one back. Hand-written: no maintained browser library edits WebP chunks.
 * @see https://developers.google.com/speed/webp/docs/riff_container#extended_file_format
 */
import { concat } from './png-text';

interface Chunk {
	fourcc: string;
	data: Uint8Array;
}

const XMP_FLAG = 0x04;
const ALPHA_FLAG = 0x10;
const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** Whether the bytes are a RIFF WebP file. */
export function isWebp(bytes: Uint8Array): boolean {
	return (
		bytes.length >= 16 &&
		ascii(bytes.subarray(0, 4)) === 'RIFF' &&
		ascii(bytes.subarray(8, 12)) === 'WEBP'
	);
}

function readChunks(bytes: Uint8Array): Chunk[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const chunks: Chunk[] = [];
	let offset = 12;
	while (offset + 8 <= bytes.length) {
		const size = view.getUint32(offset + 4, true);
		chunks.push({
			fourcc: ascii(bytes.subarray(offset, offset + 4)),
			data: bytes.subarray(offset + 8, offset + 8 + size)
		});
		offset += 8 + size + (size % 2); // chunks are padded to an even length
	}
	return chunks;
}

function writeChunks(chunks: readonly Chunk[]): Uint8Array {
	const parts = chunks.flatMap(({ fourcc, data }) => {
		const header = new Uint8Array(8);
		header.set(Uint8Array.from(fourcc, (c) => c.charCodeAt(0)));
		new DataView(header.buffer).setUint32(4, data.length, true);
		return data.length % 2 ? [header, data, Uint8Array.of(0)] : [header, data];
	});
	const body = concat(parts);
	const head = new Uint8Array(12);
	head.set(Uint8Array.from('RIFFxxxxWEBP', (c) => c.charCodeAt(0)));
	new DataView(head.buffer).setUint32(4, body.length + 4, true);
	return concat([head, body]);
}

/** A VP8X chunk for a simple (VP8 or VP8L) image, with its canvas size. */
function vp8xFor(image: Chunk): Chunk {
	let width: number;
	let height: number;
	let flags = 0;
	if (image.fourcc === 'VP8L') {
		const bits =
			image.data[1] | (image.data[2] << 8) | (image.data[3] << 16) | (image.data[4] << 24);
		width = (bits & 0x3fff) + 1;
		height = ((bits >>> 14) & 0x3fff) + 1;
		if ((bits >>> 28) & 1) flags |= ALPHA_FLAG;
	} else {
		width = (image.data[6] | (image.data[7] << 8)) & 0x3fff;
		height = (image.data[8] | (image.data[9] << 8)) & 0x3fff;
	}
	const data = new Uint8Array(10);
	data[0] = flags;
	const put24 = (at: number, value: number) =>
		data.set([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff], at);
	put24(4, width - 1);
	put24(7, height - 1);
	return { fourcc: 'VP8X', data };
}

/** The WebP with `packet` as its XMP metadata. */
export function writeWebpXmp(bytes: Uint8Array, packet: string): Uint8Array {
	let chunks = readChunks(bytes).filter((c) => c.fourcc !== 'XMP ');
	if (chunks[0]?.fourcc !== 'VP8X') chunks = [vp8xFor(chunks[0]), ...chunks];
	const header = Uint8Array.from(chunks[0].data);
	header[0] |= XMP_FLAG;
	return writeChunks([
		{ fourcc: 'VP8X', data: header },
		...chunks.slice(1),
		{ fourcc: 'XMP ', data: new TextEncoder().encode(packet) }
	]);
}

/** The XMP packet of a WebP, or null when it has none. */
export function readWebpXmp(bytes: Uint8Array): string | null {
	const chunk = readChunks(bytes).find((c) => c.fourcc === 'XMP ');
	return chunk ? new TextDecoder().decode(chunk.data) : null;
}
