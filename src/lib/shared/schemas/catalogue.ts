/**
 * The model catalogue as the app sees it: what each model can do and what it costs.
 * The relay's catalogue (server/providers/catalogue.ts) holds more (upstream ids, provider keys).
 */
import { z } from 'zod';

export const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
export const AspectRatioSchema = z.enum(ASPECT_RATIOS);
export type AspectRatio = z.infer<typeof AspectRatioSchema>;

/** Pixel size of each aspect ratio at the 1K tier (the Gemini image table). */
export const ASPECT_RATIO_PIXELS: Record<AspectRatio, { width: number; height: number }> = {
	'1:1': { width: 1024, height: 1024 },
	'2:3': { width: 832, height: 1248 },
	'3:2': { width: 1248, height: 832 },
	'3:4': { width: 864, height: 1184 },
	'4:3': { width: 1184, height: 864 },
	'4:5': { width: 896, height: 1152 },
	'5:4': { width: 1152, height: 896 },
	'9:16': { width: 768, height: 1344 },
	'16:9': { width: 1344, height: 768 },
	'21:9': { width: 1536, height: 672 }
};

export const ModelCapabilitiesSchema = z.object({
	textToImage: z.boolean(),
	imageToImage: z.boolean(),
	maxSourceImages: z.number().int().min(0).max(16),
	aspectRatios: z.array(AspectRatioSchema).min(1),
	sizes: z.array(z.string()).default([]),
	seed: z.boolean().default(false),
	negativePrompt: z.boolean().default(false),
	strength: z.boolean().default(false),
	maxPromptLength: z.number().int().positive().default(4000)
});
export type ModelCapabilities = z.infer<typeof ModelCapabilitiesSchema>;

/** One model as listed to the app (`catalogue.list`). */
export const PublicModelSchema = z.object({
	id: z.string(),
	label: z.string(),
	provider: z.string(),
	capabilities: ModelCapabilitiesSchema,
	/** Credits charged per output image. */
	price: z.number().int().nonnegative()
});
export type PublicModel = z.infer<typeof PublicModelSchema>;
