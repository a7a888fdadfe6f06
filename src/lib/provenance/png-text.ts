/**
 * PNG text chunks: makes tEXt (Latin-1) or iTXt (UTF-8, for Chinese prompts) chunks, and reads
 * tEXt, zTXt and iTXt (compressed ones too) as keyword → text. No library writes iTXt in the
 * browser (`png-chunk-text` is tEXt-only and needs Node's Buffer), so both are done here.
 * @see https://www.w3.org/TR/png-3/#11textinfo
 */
import type { PngChunk } from './png-chunks';

// eslint-disable-next-line no-control-regex -- PNG tEXt is Latin-1, control characters included
const isLatin1 = (text: string) => /^[\x00-\xff]*$/.test(text);
const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

/** A text chunk for `keyword`: tEXt when the text is Latin-1, else uncompressed iTXt. */
export function makeTextChunk(keyword: string, text: string): PngChunk {
	const key = Uint8Array.from(keyword, (c) => c.charCodeAt(0));
	if (isLatin1(text)) {
		return {
			type: 'tEXt',
			data: concat([key, Uint8Array.of(0), Uint8Array.from(text, (c) => c.charCodeAt(0))])
		};
	}
	// keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, UTF-8 text
	return {
		type: 'iTXt',
		data: concat([key, Uint8Array.of(0, 0, 0, 0, 0), new TextEncoder().encode(text)])
	};
}

/** The keyword → text pairs of a PNG's text chunks (tEXt, zTXt, iTXt), in file order. Bad chunks are skipped. */
export async function readTextChunks(chunks: readonly PngChunk[]): Promise<Map<string, string>> {
	const texts = new Map<string, string>();
	for (const { type, data } of chunks) {
		const nul = data.indexOf(0);
		if (nul <= 0) continue;
		const keyword = latin1(data.subarray(0, nul));
		try {
			if (type === 'tEXt') texts.set(keyword, latin1(data.subarray(nul + 1)));
			else if (type === 'zTXt') texts.set(keyword, latin1(await inflate(data.subarray(nul + 2))));
			else if (type === 'iTXt') texts.set(keyword, await readInternational(data, nul));
		} catch {
			// A damaged text chunk must not hide the others.
		}
	}
	return texts;
}

async function readInternational(data: Uint8Array, nul: number): Promise<string> {
	const compressed = data[nul + 1] === 1;
	const languageEnd = data.indexOf(0, nul + 3);
	const translatedEnd = data.indexOf(0, languageEnd + 1);
	if (languageEnd < 0 || translatedEnd < 0) throw new Error('iTXt without its separators');
	const body = data.subarray(translatedEnd + 1);
	return new TextDecoder().decode(compressed ? await inflate(body) : body);
}

/** zlib-inflates with the platform's DecompressionStream (browser and Node ≥ 18). */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
		.stream()
		.pipeThrough(new DecompressionStream('deflate'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The bytes of the parts, one after another. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}
