/**
 * The model catalogue as the app sees it: what each model can do and what it costs.
 * The relay's catalogue (server/providers/catalogue.ts) holds more (upstream ids, provider keys).
 */
import { z } from 'zod';

export const ASPECT_RATIOS = [
	'1:1',
	'2:3',
	'3:2',
	'3:4',
	'4:3',
	'4:5',
	'5:4',
	'9:16',
	'16:9',
	'21:9'
] as const;
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

/** How far an image-to-image result may move from its sources (0 = keep, 1 = ignore them). */
export const StrengthRangeSchema = z
	.object({
		min: z.number().min(0).max(1).default(0),
		max: z.number().min(0).max(1).default(1),
		step: z.number().positive().max(1).default(0.05),
		/** What the control starts at. */
		default: z.number().min(0).max(1).default(0.6)
	})
	.strict()
	.refine(
		(r) => r.min < r.max && r.default >= r.min && r.default <= r.max,
		'needs min < max and min ≤ default ≤ max'
	);
export type StrengthRange = z.infer<typeof StrengthRangeSchema>;

export const ModelCapabilitiesSchema = z.object({
	textToImage: z.boolean(),
	imageToImage: z.boolean(),
	maxSourceImages: z.number().int().min(0).max(16),
	aspectRatios: z.array(AspectRatioSchema).min(1),
	/** Size tiers or WxH the model takes (empty: no size choice, the model's default). */
	sizes: z.array(z.string().min(1).max(32)).default([]),
	/** Quality levels the model takes (e.g. low/medium/high; empty: no quality choice). */
	qualities: z.array(z.string().min(1).max(32)).default([]),
	seed: z.boolean().default(false),
	negativePrompt: z.boolean().default(false),
	/** Image-to-image strength range, or null when the model takes none. */
	strength: StrengthRangeSchema.nullable().default(null),
	/** The model answers with text beside its images (Gemini): asked for as image+text output. */
	textOutput: z.boolean().default(false),
	maxPromptLength: z.number().int().positive().default(4000)
});

/** A price that differs from the base price for one size and/or quality (first match wins). */
export const PriceVariantSchema = z
	.object({
		size: z.string().min(1).max(32).optional(),
		quality: z.string().min(1).max(32).optional(),
		price: z.number().int().nonnegative()
	})
	.strict()
	.refine((v) => v.size !== undefined || v.quality !== undefined, 'names a size or a quality');
export type PriceVariant = z.infer<typeof PriceVariantSchema>;

/**
 * Credits one image of `model` costs with these parameters: the first price variant whose size
 * and quality (where given) match, else the base price. Used by the relay to charge and by the app
 * to show the cost, so both always agree.
 */
export function priceFor(
	model: { price: number; priceVariants?: readonly PriceVariant[] },
	params: { size?: string; quality?: string }
): number {
	const variant = (model.priceVariants ?? []).find(
		(v) =>
			(v.size === undefined || v.size === params.size) &&
			(v.quality === undefined || v.quality === params.quality)
	);
	return variant?.price ?? model.price;
}

/** One model as listed to the app (`catalogue.list`). */
export const PublicModelSchema = z.object({
	id: z.string(),
	label: z.string(),
	provider: z.string(),
	capabilities: ModelCapabilitiesSchema,
	/** Credits charged per output image (when no price variant matches). */
	price: z.number().int().nonnegative(),
	priceVariants: z.array(PriceVariantSchema).max(64).default([])
});
export type PublicModel = z.infer<typeof PublicModelSchema>;
