/**
 * Wire shapes of the admin panel and of redeeming a code: system settings, users, credit
 * adjustments, redeem codes, preset edits and statistics. Bounds here are the relay's rules.
 */
import { z } from 'zod';
import { type ROLES } from './auth';
import { PresetPromptSchema } from './presets';

const id = z.uuid();

/** A model turned on/off, and its price in credits per image (at least 1: RELIABILITY calls free models absurd). */
export const ModelOverrideSchema = z
	.object({
		enabled: z.boolean().optional(),
		price: z.number().int().min(1).max(100_000).optional()
	})
	.strict();
export type ModelOverride = z.infer<typeof ModelOverrideSchema>;

/** Each setting on its own, as stored under its key in the `settings` table. */
export const SETTING_SCHEMAS = {
	globalConcurrency: z.number().int().min(1).max(10),
	startingCredits: z.number().int().min(0).max(1_000_000),
	ratePerMinute: z.number().int().min(1).max(100_000),
	maxInFlightPerUser: z.number().int().min(1).max(100),
	modelOverrides: z.record(z.string().min(1).max(200), ModelOverrideSchema)
} as const;
export type SettingKey = keyof typeof SETTING_SCHEMAS;

/** An admin's change: only the keys given change; `null` resets a key to its default. */
export const UpdateSettingsInputSchema = z
	.object({
		globalConcurrency: SETTING_SCHEMAS.globalConcurrency.nullable(),
		startingCredits: SETTING_SCHEMAS.startingCredits.nullable(),
		ratePerMinute: SETTING_SCHEMAS.ratePerMinute.nullable(),
		maxInFlightPerUser: SETTING_SCHEMAS.maxInFlightPerUser.nullable(),
		modelOverrides: SETTING_SCHEMAS.modelOverrides.nullable()
	})
	.partial()
	.strict();
export type UpdateSettingsInput = z.infer<typeof UpdateSettingsInputSchema>;

/** The settings in force (stored value, else the environment's default). */
export interface EffectiveSettings {
	globalConcurrency: number;
	startingCredits: number;
	ratePerMinute: number;
	maxInFlightPerUser: number;
	modelOverrides: Record<string, ModelOverride>;
}

/** One catalogue model as the admin sees it: the catalogue price and what is in force. */
export interface AdminModel {
	id: string;
	label: string;
	provider: string;
	cataloguePrice: number;
	price: number;
	enabled: boolean;
}

export interface AdminSettings {
	settings: EffectiveSettings;
	/** Defaults from the environment, shown next to each field. */
	defaults: Omit<EffectiveSettings, 'modelOverrides'>;
	models: AdminModel[];
}

export const ListUsersInputSchema = z
	.object({
		search: z.string().trim().max(200).default(''),
		limit: z.number().int().min(1).max(100).default(25),
		offset: z.number().int().min(0).max(1_000_000).default(0)
	})
	.strict();

export interface AdminUser {
	id: string;
	email: string;
	displayName: string | null;
	role: (typeof ROLES)[number];
	credits: number;
	disabled: boolean;
	ratePerMinute: number | null;
	maxInFlight: number | null;
	images: number;
	creditsSpent: number;
	/** Last generation or sign-in, ms; null if never. */
	lastActiveAt: number | null;
	createdAt: number;
}

export const SetUserDisabledInputSchema = z.object({ userId: id, disabled: z.boolean() }).strict();

/** Per-user limits; null = use the system setting. */
export const SetUserLimitsInputSchema = z
	.object({
		userId: id,
		ratePerMinute: SETTING_SCHEMAS.ratePerMinute.nullable(),
		maxInFlight: SETTING_SCHEMAS.maxInFlightPerUser.nullable()
	})
	.strict();

/** Grant (positive) or take (negative) credits; the reason is required and kept in the ledger. */
export const AdjustCreditsInputSchema = z
	.object({
		userId: id,
		amount: z
			.number()
			.int()
			.min(-1_000_000)
			.max(1_000_000)
			.refine((n) => n !== 0, 'The amount must not be zero'),
		reason: z.string().trim().min(1, 'A reason is required').max(200)
	})
	.strict();

/** A code as typed by a person: letters and digits; case, spaces and dashes do not matter. */
export const RedeemInputSchema = z.object({ code: z.string().max(100) }).strict();

export const CreateCodesInputSchema = z
	.object({
		credits: z.number().int().min(1).max(1_000_000),
		maxUses: z.number().int().min(1).max(100_000).default(1),
		/** How many random codes to make; ignored when `code` is chosen. */
		count: z.number().int().min(1).max(100).default(1),
		/** A chosen code (else random readable ones are generated). */
		code: z
			.string()
			.max(100)
			.optional()
			.refine(
				(c) => c === undefined || /^[A-Za-z0-9][A-Za-z0-9 -]{2,62}[A-Za-z0-9]$/.test(c.trim()),
				'Use 4–64 letters, digits, spaces or dashes'
			),
		expiresAt: z.number().int().positive().nullable().default(null),
		note: z.string().trim().max(200).default('')
	})
	.strict();

export const ListCodesInputSchema = z
	.object({
		limit: z.number().int().min(1).max(200).default(50),
		offset: z.number().int().min(0).max(1_000_000).default(0)
	})
	.strict();

export interface RedeemCodeInfo {
	id: string;
	/** Shown in groups of four with dashes. */
	code: string;
	credits: number;
	maxUses: number;
	uses: number;
	expiresAt: number | null;
	note: string | null;
	disabledAt: number | null;
	createdAt: number;
	status: 'active' | 'used-up' | 'expired' | 'disabled';
}

export const IdInputSchema = z.object({ id }).strict();

export const PresetFieldsSchema = PresetPromptSchema.pick({
	title: true,
	text: true,
	negativePrompt: true,
	category: true,
	tags: true,
	model: true
}).strict();
export const UpdatePresetInputSchema = PresetFieldsSchema.partial().extend({ id }).strict();
/** At most this many presets per import call, and in all (every user downloads the list). */
export const MAX_PRESET_IMPORT = 1000;
export const MAX_PRESETS = 5000;
/** A style pack imported as presets in one go (the admin's client has already read the file). */
export const ImportPresetsInputSchema = z
	.object({ presets: z.array(PresetFieldsSchema).min(1).max(MAX_PRESET_IMPORT) })
	.strict();
/** What an import did: the presets created, and those left out because the same text exists. */
export interface ImportPresetsResult {
	created: number;
	/** Indexes into the input, with the reason. */
	skipped: { index: number; title: string; reason: 'DUPLICATE_OF_PRESET' | 'DUPLICATE_IN_FILE' }[];
}
export const ReorderPresetsInputSchema = z.object({ ids: z.array(id).min(1).max(1000) }).strict();

export const StatsInputSchema = z
	.object({ days: z.number().int().min(1).max(90).default(14) })
	.strict();

export interface AdminStats {
	days: number;
	/** One entry per UTC day, oldest first, including days with nothing. */
	byDay: { day: string; images: number; credits: number }[];
	byModel: { model: string; images: number; credits: number; failures: number }[];
	failuresByCode: { code: string; count: number }[];
	queue: { queued: number; running: number };
	activeUsers: { d1: number; d7: number; d30: number };
}
