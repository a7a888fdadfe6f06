/**
 * System settings: rows of the `settings` table override the environment at run time (global
 * concurrency, starting credits, per-user limits, per-model enabled/price). Reads go through a
 * short per-process cache so several relays converge within a few seconds of an admin's change.
 * A stored value that fails validation is ignored (the default applies) and never crashes a request.
 */
import { appError } from './app-error';
import {
	SETTING_SCHEMAS,
	type EffectiveSettings,
	type ModelOverride,
	type SettingKey,
	type UpdateSettingsInput
} from '#shared/schemas/admin';
import type { Db } from '../db/client';
import { readSettingRows, writeSettingRows } from '../db/repositories/settings.repository';

/** How long a relay may serve settings it read earlier. */
export const SETTINGS_CACHE_MS = 3_000;
/** The money branch's default when no `globalConcurrency` row exists. */
export const DEFAULT_GLOBAL_CONCURRENCY = 3;

/** What is stored, each key validated on its own (absent or invalid = not set). */
export type StoredSettings = Partial<{
	[K in SettingKey]: ReturnType<(typeof SETTING_SCHEMAS)[K]['parse']>;
}>;

/** Values used when a setting is not stored (from env). */
export interface SettingDefaults {
	startingCredits: number;
	ratePerMinute: number;
	maxInFlightPerUser: number;
}

const cache = new WeakMap<Db, { readAt: number; value: Promise<StoredSettings> }>();

function parseRows(rows: { key: string; value: unknown }[]): StoredSettings {
	const stored: Record<string, unknown> = {};
	for (const row of rows) {
		if (!(row.key in SETTING_SCHEMAS)) continue;
		const result = SETTING_SCHEMAS[row.key as SettingKey].safeParse(row.value);
		if (result.success) stored[row.key] = result.data;
	}
	return stored;
}

/**
 * The stored settings, at most {@link SETTINGS_CACHE_MS} old (`fresh` reads the table now).
 * `clock` is for tests.
 */
export function readStoredSettings(
	db: Db,
	clock: () => number = Date.now,
	options: { fresh?: boolean } = {}
): Promise<StoredSettings> {
	const now = clock();
	const hit = cache.get(db);
	if (hit && !options.fresh && now - hit.readAt >= 0 && now - hit.readAt < SETTINGS_CACHE_MS)
		return hit.value;
	const value = readSettingRows(db).then(parseRows);
	cache.set(db, { readAt: now, value });
	// A failed read must not be served from the cache.
	value.catch(() => {
		if (cache.get(db)?.value === value) cache.delete(db);
	});
	return value;
}

/** Stored values over the defaults. */
export function effectiveSettings(
	stored: StoredSettings,
	defaults: SettingDefaults
): EffectiveSettings {
	return {
		globalConcurrency: stored.globalConcurrency ?? DEFAULT_GLOBAL_CONCURRENCY,
		startingCredits: stored.startingCredits ?? defaults.startingCredits,
		ratePerMinute: stored.ratePerMinute ?? defaults.ratePerMinute,
		maxInFlightPerUser: stored.maxInFlightPerUser ?? defaults.maxInFlightPerUser,
		modelOverrides: stored.modelOverrides ?? {}
	};
}

/**
 * Applies an admin's change (already validated by {@link UpdateSettingsInputSchema}): given keys
 * are stored, `null` keys are removed. Clears this process's cache so the change applies at once here.
 */
export async function updateSettings(
	deps: { db: Db; now: () => number; catalogue: { get(id: string): unknown } },
	input: UpdateSettingsInput,
	actorId: string | null
): Promise<void> {
	// An override for a model the catalogue does not have would be stored and never apply.
	const unknown = Object.keys(input.modelOverrides ?? {}).filter((id) => !deps.catalogue.get(id));
	if (unknown.length)
		throw appError(
			'UNKNOWN_MODEL',
			`No such model: ${unknown.map((id) => JSON.stringify(id)).join(', ')}.`
		);
	const set: Record<string, unknown> = {};
	const remove: string[] = [];
	for (const [key, value] of Object.entries(input)) {
		if (value === undefined) continue;
		if (value === null) remove.push(key);
		else
			set[key] =
				key === 'modelOverrides' ? compactOverrides(value as Record<string, ModelOverride>) : value;
	}
	await writeSettingRows(deps.db, { set, remove, actorId, now: deps.now() });
	cache.delete(deps.db);
}

/** Drops empty overrides so the stored map only says what differs from the catalogue. */
function compactOverrides(overrides: Record<string, ModelOverride>): Record<string, ModelOverride> {
	return Object.fromEntries(
		Object.entries(overrides)
			.map(
				([id, o]) =>
					[id, Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))] as const
			)
			.filter(([, o]) => Object.keys(o).length > 0)
	);
}
