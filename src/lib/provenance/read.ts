/**
 * Reads the settings a dropped image file carries: our own record first (PNG chunk or XMP), then
 * AUTOMATIC1111's `parameters`, ComfyUI's graphs and InvokeAI's metadata. Null when the file has
 * none of them or is not an image we can read. Never throws for bad input.
 */
import { parseA1111Parameters } from './a1111';
import { parseComfyUi, parseInvokeAi } from './foreign';
import { isJpeg, readJpegXmp } from './jpeg-xmp';
import { isPng, readPngChunks } from './png-chunks';
import { readTextChunks } from './png-text';
import {
	parseProvenanceJson,
	PROVENANCE_KEY,
	settingsFromRecord,
	type RestoredSettings
} from './record';
import { isWebp, readWebpXmp } from './webp-xmp';
import { readXmpProvenance } from './xmp';

/** The settings in an image file's metadata, or null. */
export async function readProvenance(bytes: Uint8Array): Promise<RestoredSettings | null> {
	try {
		if (isPng(bytes)) return fromPngTexts(await readTextChunks(readPngChunks(bytes)));
		const packet = isJpeg(bytes) ? readJpegXmp(bytes) : isWebp(bytes) ? readWebpXmp(bytes) : null;
		const json = packet ? readXmpProvenance(packet) : null;
		const record = json ? parseProvenanceJson(json) : null;
		return record ? settingsFromRecord(record) : null;
	} catch {
		// A damaged file simply has no settings to restore.
		return null;
	}
}

/** Settings from a PNG's keyword → text pairs, most specific source first. */
export function fromPngTexts(texts: Map<string, string>): RestoredSettings | null {
	const ours = texts.get(PROVENANCE_KEY);
	const record = ours ? parseProvenanceJson(ours) : null;
	if (record) return settingsFromRecord(record);
	const invoke = parseInvokeAi(texts);
	if (invoke) return invoke;
	const comfy = parseComfyUi(texts);
	if (comfy) return comfy;
	const parameters = texts.get('parameters');
	if (parameters?.trim()) return parseA1111Parameters(parameters);
	return null;
}
