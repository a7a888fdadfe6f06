/**
 * Writes provenance into an image file at download time (stored blobs stay stripped): PNG gets
 * an A1111 `parameters` text chunk plus our JSON chunk; JPEG and WebP get an XMP packet. Other
 * types come back unchanged. Pure bytes in, bytes out.
 */
import { formatA1111Parameters } from './a1111';
import { isJpeg, MAX_JPEG_XMP_BYTES, writeJpegXmp } from './jpeg-xmp';
import { isPng, readPngChunks, writePngChunks } from './png-chunks';
import { makeTextChunk } from './png-text';
import { PROVENANCE_KEY, type ProvenanceRecord } from './record';
import { isWebp, writeWebpXmp } from './webp-xmp';
import { buildXmpPacket } from './xmp';

/** Keywords we own: replaced on write, so a file downloaded twice does not carry two records. */
const OUR_KEYWORDS = new Set(['parameters', PROVENANCE_KEY]);

/**
 * The image bytes with `record` written in, by the file's actual format (not its claimed type).
 * @throws {PngFormatError} for a damaged PNG.
 */
export function writeProvenance(bytes: Uint8Array, record: ProvenanceRecord): Uint8Array {
	if (isPng(bytes)) return writePng(bytes, record);
	if (isJpeg(bytes)) {
		let packet = buildXmpPacket(record);
		// One JPEG segment holds 64 KB: a very long prompt keeps only the JSON copy.
		if (new TextEncoder().encode(packet).length > MAX_JPEG_XMP_BYTES)
			packet = buildXmpPacket(record, false);
		return new TextEncoder().encode(packet).length > MAX_JPEG_XMP_BYTES
			? bytes
			: writeJpegXmp(bytes, packet);
	}
	if (isWebp(bytes)) return writeWebpXmp(bytes, buildXmpPacket(record));
	return bytes;
}

function writePng(bytes: Uint8Array, record: ProvenanceRecord): Uint8Array {
	// Image data is not re-summed: a bad IDAT CRC stays as it was, ours are always fresh.
	const chunks = readPngChunks(bytes, { verify: false }).filter(
		(chunk) => !isOurText(chunk.type, chunk.data)
	);
	const text = [
		makeTextChunk('parameters', formatA1111Parameters(record)),
		makeTextChunk(PROVENANCE_KEY, JSON.stringify(record))
	];
	// Right after IHDR, so readers that stop early (A1111's PNG Info, streaming parsers) see it.
	return writePngChunks([chunks[0], ...text, ...chunks.slice(1)]);
}

function isOurText(type: string, data: Uint8Array): boolean {
	if (type !== 'tEXt' && type !== 'iTXt' && type !== 'zTXt') return false;
	const nul = data.indexOf(0);
	return nul > 0 && OUR_KEYWORDS.has(String.fromCharCode(...data.subarray(0, nul)));
}
