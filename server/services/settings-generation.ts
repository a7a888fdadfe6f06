/**
 * What the settings mean for generating: the limits of one user (their own override, else the
 * system setting, else env) and the models on offer (disabled ones hidden, prices overridden).
 * Read-only; generate.service calls these so its own changes stay small.
 */
import type { Db } from '../db/client';
import { findUserById } from '../db/repositories/users.repository';
import { appError } from './app-error';
import type { RelayModel } from './generation-request';
import { readStoredSettings, type StoredSettings } from './settings.service';

export interface SettingsGenerationDeps {
	db: Db;
	catalogue: { list(): RelayModel[]; get(id: string): RelayModel | undefined };
	/** The environment's limits (used when no setting is stored). */
	limits: { perMinute: number; inFlightPerUser: number };
}

export interface UserLimits {
	perMinute: number;
	inFlightPerUser: number;
}

/** The limits in force for `userId`: per-user override, else the system setting, else env. */
export async function limitsForUser(
	deps: Pick<SettingsGenerationDeps, 'db' | 'limits'>,
	userId: string
): Promise<UserLimits> {
	const [stored, user] = await Promise.all([
		readStoredSettings(deps.db),
		findUserById(deps.db, userId)
	]);
	return {
		perMinute: user?.ratePerMinute ?? stored.ratePerMinute ?? deps.limits.perMinute,
		inFlightPerUser: user?.maxInFlight ?? stored.maxInFlightPerUser ?? deps.limits.inFlightPerUser
	};
}

/** The model with the admin's overrides applied, or null when the admin turned it off. */
function applyOverride(model: RelayModel, stored: StoredSettings): RelayModel | null {
	const override = stored.modelOverrides?.[model.id];
	if (override?.enabled === false) return null;
	return override?.price === undefined ? model : { ...model, price: override.price };
}

/** Models users may pick: configured, not turned off, at the price in force. */
export async function modelsOnOffer(deps: {
	db: Db;
	catalogue: Pick<SettingsGenerationDeps['catalogue'], 'list'>;
}): Promise<RelayModel[]> {
	const stored = await readStoredSettings(deps.db);
	return deps.catalogue.list().flatMap((m) => applyOverride(m, stored) ?? []);
}

/**
 * The model a submit asks for, at the price in force.
 * @throws UNKNOWN_MODEL when it is not in the catalogue or an admin turned it off.
 */
export async function modelForSubmit(
	deps: { db: Db; catalogue: Pick<SettingsGenerationDeps['catalogue'], 'get'> },
	id: string
): Promise<RelayModel> {
	const model = deps.catalogue.get(id);
	if (!model) throw appError('UNKNOWN_MODEL', `There is no model "${id}" on this relay.`);
	const offered = applyOverride(model, await readStoredSettings(deps.db));
	if (!offered) throw appError('UNKNOWN_MODEL', `The model "${id}" is turned off on this relay.`);
	return offered;
}
