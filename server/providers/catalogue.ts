/**
 * The relay's model catalogue: the shipped models.default.json plus an optional MODELS_FILE that
 * adds models, overrides fields by id or disables them. Model ids are configuration, never code.
 * Reads files once at start-up; never calls a provider.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
	ModelCapabilitiesSchema,
	PriceVariantSchema,
	type PublicModel
} from '#shared/schemas/catalogue';

/** Adapter names a model can point at (one per wire format, plus the offline demo). */
export const PROVIDER_NAMES = [
	'demo',
	'openrouter',
	'openrouter-images',
	'openai',
	'ark',
	'gemini'
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** One fully specified catalogue model (unknown keys are errors, to catch typos in MODELS_FILE). */
export const CatalogueModelSchema = z
	.strictObject({
		id: z.string().min(1).max(200),
		label: z.string().min(1).max(100),
		provider: z.enum(PROVIDER_NAMES),
		/** The id the provider knows; never sent to the app. */
		upstreamId: z.string().min(1).max(200),
		capabilities: ModelCapabilitiesSchema.strict(),
		/** Credits charged per output image (when no price variant matches). */
		price: z.number().int().nonnegative(),
		/** Prices that differ by size and/or quality; first match wins. */
		priceVariants: z.array(PriceVariantSchema).max(64).default([])
	})
	.superRefine((model, ctx) => {
		const { sizes, qualities, imageToImage, maxSourceImages, strength } = model.capabilities;
		model.priceVariants.forEach((variant, i) => {
			if (variant.size !== undefined && !sizes.includes(variant.size)) {
				ctx.addIssue({
					code: 'custom',
					path: ['priceVariants', i, 'size'],
					message: `"${variant.size}" is not one of capabilities.sizes`
				});
			}
			if (variant.quality !== undefined && !qualities.includes(variant.quality)) {
				ctx.addIssue({
					code: 'custom',
					path: ['priceVariants', i, 'quality'],
					message: `"${variant.quality}" is not one of capabilities.qualities`
				});
			}
		});
		if (strength && !(imageToImage && maxSourceImages > 0)) {
			ctx.addIssue({
				code: 'custom',
				path: ['capabilities', 'strength'],
				message: 'strength needs imageToImage and maxSourceImages > 0'
			});
		}
	});
export type CatalogueModel = z.infer<typeof CatalogueModelSchema>;

/** A MODELS_FILE entry: a full model, or `{ id, …fields to override }`, or `{ id, enabled: false }`. */
const EntrySchema = z.looseObject({ id: z.string().min(1), enabled: z.boolean().optional() });
const FileSchema = z.union([z.array(z.unknown()), z.object({ models: z.array(z.unknown()) })]);

/** The models a relay offers, filtered to providers it has configured. */
export interface Catalogue {
	/** Enabled models whose provider is configured, in catalogue order. */
	list(): CatalogueModel[];
	/** The model with this id, if enabled and its provider is configured. */
	get(id: string): CatalogueModel | undefined;
	/** The model as the app may see it (no upstream id). */
	toPublic(model: CatalogueModel): PublicModel;
}

export interface LoadCatalogueOptions {
	/** Path of a JSON file (`{ "models": [...] }` or a bare array) merged over the defaults. */
	modelsFile?: string;
	/** Providers with a key (or the demo); models of other providers are not listed. */
	configuredProviders: ReadonlySet<string>;
	/** Replaces the shipped defaults (tests). */
	defaults?: unknown;
}

const DEFAULTS_URL = new URL('./models.default.json', import.meta.url);

/**
 * Loads and validates the catalogue.
 * @throws Error naming the file and the bad entry (index and id) when anything is invalid.
 */
export function loadCatalogue(options: LoadCatalogueOptions): Catalogue {
	const defaults = options.defaults ?? readJson(DEFAULTS_URL, 'models.default.json');
	const merged = new Map<string, Record<string, unknown>>();
	const origins = new Map<string, string>();
	for (const [index, entry] of entriesOf(defaults, 'models.default.json').entries()) {
		const parsed = parseEntry(entry, index, 'models.default.json');
		merged.set(parsed.id, stripEnabled(parsed));
		origins.set(parsed.id, `models.default.json entry ${index}`);
	}
	const disabled = new Set<string>();
	if (options.modelsFile) {
		const source = `MODELS_FILE ${options.modelsFile}`;
		const seen = new Set<string>();
		for (const [index, entry] of entriesOf(
			readJson(options.modelsFile, source),
			source
		).entries()) {
			const parsed = parseEntry(entry, index, source);
			if (seen.has(parsed.id))
				throw new Error(`${source}: entry ${index} repeats the id "${parsed.id}"`);
			seen.add(parsed.id);
			if (parsed.enabled === false) disabled.add(parsed.id);
			else disabled.delete(parsed.id);
			const base = merged.get(parsed.id);
			const patch = stripEnabled(parsed);
			merged.set(parsed.id, base ? mergeModel(base, patch) : patch);
			origins.set(parsed.id, `${source} entry ${index}`);
		}
	}

	const models: CatalogueModel[] = [];
	for (const [id, raw] of merged) {
		if (disabled.has(id)) continue;
		const result = CatalogueModelSchema.safeParse(raw);
		if (!result.success) {
			const issues = result.error.issues
				.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`)
				.join('; ');
			throw new Error(`${origins.get(id)} (model "${id}") is invalid: ${issues}`);
		}
		models.push(result.data);
	}
	const available = models.filter((m) => options.configuredProviders.has(m.provider));
	const byId = new Map(available.map((m) => [m.id, m]));
	return {
		list: () => [...available],
		get: (id) => byId.get(id),
		toPublic: ({ id, label, provider, capabilities, price, priceVariants }) => ({
			id,
			label,
			provider,
			capabilities,
			price,
			priceVariants
		})
	};
}

function readJson(path: string | URL, source: string): unknown {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new Error(
			`${source}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
			{ cause: error }
		);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new Error(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
	}
}

function entriesOf(value: unknown, source: string): unknown[] {
	const result = FileSchema.safeParse(value);
	if (!result.success)
		throw new Error(`${source}: expected { "models": [ ... ] } or an array of models`);
	return Array.isArray(result.data) ? result.data : result.data.models;
}

function parseEntry(entry: unknown, index: number, source: string): z.infer<typeof EntrySchema> {
	const result = EntrySchema.safeParse(entry);
	if (!result.success)
		throw new Error(
			`${source}: entry ${index} needs a string "id" (and "enabled" must be a boolean)`
		);
	return result.data;
}

function stripEnabled({
	enabled: _enabled,
	...rest
}: z.infer<typeof EntrySchema>): Record<string, unknown> {
	return rest;
}

/** Field-by-field override; `capabilities` is merged one level deeper so one limit can change alone. */
function mergeModel(
	base: Record<string, unknown>,
	patch: Record<string, unknown>
): Record<string, unknown> {
	const out = { ...base, ...patch };
	const isObject = (v: unknown): v is Record<string, unknown> =>
		!!v && typeof v === 'object' && !Array.isArray(v);
	if (isObject(base.capabilities) && isObject(patch.capabilities)) {
		out.capabilities = { ...base.capabilities, ...patch.capabilities };
	}
	return out;
}
