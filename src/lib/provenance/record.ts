/**
 * The provenance record written into downloaded files (our own JSON, keyword/namespace
 * `nano-banana-studio`) and what a dropped file gives back to the Generate form. Pure data: no
 * file formats here (png-*, jpeg-xmp, webp-xmp) and no browser APIs.
 */
import { z } from 'zod';
import { Sha256Schema } from '../shared/hash';
import { GenerationParamsSchema, type GenerationParams } from '../shared/schemas/generate';
import type { ImageRow } from '../shared/schemas/rows';
import { version } from '../../../package.json';

/** The PNG keyword and XMP namespace prefix of our record. */
export const PROVENANCE_KEY = 'nano-banana-studio';
export const PROVENANCE_FORMAT = 'nano-banana-studio/1';
export const APP_VERSION: string = version;

export const ProvenanceRecordSchema = z.object({
	format: z.literal(PROVENANCE_FORMAT),
	prompt: z.string(),
	negativePrompt: z.string().default(''),
	model: z.string(),
	/** Validated field by field on read ({@link sanitizeParams}), so a newer app's extra fields do not void the rest. */
	params: z.record(z.string(), z.unknown()).default({}),
	seed: z.number().int().nullable().default(null),
	sourceHashes: z.array(Sha256Schema).default([]),
	width: z.number().int().optional(),
	height: z.number().int().optional(),
	/** ISO 8601 date the image was made. */
	createdAt: z.string(),
	/** Credits it cost. */
	price: z.number().int().default(0),
	appVersion: z.string(),
	imageId: z.string().optional()
});
export type ProvenanceRecord = z.infer<typeof ProvenanceRecordSchema>;

/** What a file gives back to the Generate form, and which tool made it. */
export interface RestoredSettings {
	origin: 'nano-banana-studio' | 'automatic1111' | 'comfyui' | 'invokeai';
	prompt: string;
	negativePrompt: string;
	/** The model id or name as the file has it (the form keeps it only when it knows the model). */
	model: string;
	params: Partial<GenerationParams>;
	sourceHashes: string[];
}

/** The record for an image as stored in the gallery. */
export function provenanceOf(image: ImageRow, appVersion: string = APP_VERSION): ProvenanceRecord {
	return {
		format: PROVENANCE_FORMAT,
		prompt: image.prompt,
		negativePrompt: image.params.negativePrompt ?? '',
		model: image.model,
		params: { ...image.params },
		seed: image.params.seed ?? null,
		sourceHashes: [...image.sourceHashes],
		width: image.width,
		height: image.height,
		createdAt: new Date(image.createdAt).toISOString(),
		price: image.price,
		appVersion,
		imageId: image.id
	};
}

/** Parses our JSON record; null when it is not one (wrong shape, other tool, damaged). */
export function parseProvenanceJson(text: string): ProvenanceRecord | null {
	try {
		const parsed = ProvenanceRecordSchema.safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

/** Our record as settings for the Generate form. */
export function settingsFromRecord(record: ProvenanceRecord): RestoredSettings {
	const params = sanitizeParams({
		...record.params,
		...(record.seed === null ? {} : { seed: record.seed })
	});
	if (record.negativePrompt) params.negativePrompt = record.negativePrompt;
	return {
		origin: 'nano-banana-studio',
		prompt: record.prompt,
		negativePrompt: record.negativePrompt,
		model: record.model,
		params,
		sourceHashes: record.sourceHashes
	};
}

/** The known, valid generation parameters among `raw`; anything else is dropped. */
export function sanitizeParams(raw: Record<string, unknown>): Partial<GenerationParams> {
	const shape = GenerationParamsSchema.shape;
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
		if (raw[key] === undefined) continue;
		const field = shape[key].safeParse(raw[key]);
		if (field.success && field.data !== undefined) out[key] = field.data;
	}
	return out;
}
