/**
 * The admin panel's rules: users (list, disable, limits), credit adjustments with a reason and
 * the acting admin on the ledger row, the settings view, and statistics. The role check is the
 * router's (adminProcedure); nothing here trusts the caller beyond the actor id.
 */
import type { AdminSettings, AdminStats, AdminUser } from '#shared/schemas/admin';
import type { Db } from '../db/client';
import { applyLedgerEntry } from '../db/repositories/credits.repository';
import {
	findUserById,
	listUsersWithUsage,
	setUserDisabled,
	setUserLimits
} from '../db/repositories/users.repository';
import {
	activeUsers,
	failuresByCode,
	imagesByDay,
	queueDepth,
	usageByModel
} from '../db/repositories/stats.repository';
import type { RelayModel } from './generation-request';
import { appError } from './app-error';
import {
	DEFAULT_GLOBAL_CONCURRENCY,
	effectiveSettings,
	readStoredSettings,
	type SettingDefaults
} from './settings.service';

const DAY_MS = 86_400_000;

interface Deps {
	db: Db;
	now: () => number;
}

export async function listUsers(
	deps: Deps,
	input: { search: string; limit: number; offset: number }
): Promise<{ total: number; users: AdminUser[] }> {
	const { total, rows } = await listUsersWithUsage(deps.db, input);
	return {
		total,
		users: rows.map(({ user, images, creditsSpent, lastActiveAt }) => ({
			id: user.id,
			email: user.email,
			displayName: user.displayName,
			role: user.role,
			credits: user.credits,
			disabled: user.disabled,
			ratePerMinute: user.ratePerMinute,
			maxInFlight: user.maxInFlight,
			images,
			creditsSpent,
			lastActiveAt,
			createdAt: user.createdAt
		}))
	};
}

/**
 * Disables a user (their sessions end at once and sign-in is refused) or enables them again.
 * @throws FORBIDDEN when an admin tries to disable themselves; NOT_FOUND for an unknown id.
 */
export async function setDisabled(
	deps: Deps,
	actorId: string,
	input: { userId: string; disabled: boolean }
): Promise<void> {
	if (input.disabled && input.userId === actorId)
		throw appError('FORBIDDEN', 'You cannot disable your own account.');
	if (!(await setUserDisabled(deps.db, { ...input, now: deps.now() })))
		throw appError('NOT_FOUND', 'No such user.');
}

export async function setLimits(
	deps: Deps,
	input: { userId: string; ratePerMinute: number | null; maxInFlight: number | null }
): Promise<void> {
	if (!(await setUserLimits(deps.db, { ...input, now: deps.now() })))
		throw appError('NOT_FOUND', 'No such user.');
}

/**
 * Grants (amount > 0, ledger kind `grant`) or takes (amount < 0, kind `adjust`) credits, with the
 * reason and the acting admin on the ledger row. Returns the new balance.
 * @throws INSUFFICIENT_CREDITS when taking would leave the balance below zero (nothing changes).
 */
export async function adjustCredits(
	deps: Deps,
	actorId: string,
	input: { userId: string; amount: number; reason: string }
): Promise<{ balance: number }> {
	const now = deps.now();
	const balance = await deps.db.transaction(async (tx) =>
		applyLedgerEntry(tx as unknown as Db, {
			userId: input.userId,
			amount: input.amount,
			kind: input.amount > 0 ? 'grant' : 'adjust',
			reason: input.reason,
			actorId,
			now
		})
	);
	if (balance !== null) return { balance };
	const user = await findUserById(deps.db, input.userId);
	if (!user) throw appError('NOT_FOUND', 'No such user.');
	throw appError(
		'INSUFFICIENT_CREDITS',
		`Cannot take ${-input.amount} credits: the balance is ${user.credits} and may not go below zero.`
	);
}

/** Settings in force, their env defaults, and every configured model with its override applied. */
export async function settingsView(
	deps: { db: Db; catalogue: { list(): RelayModel[] } },
	defaults: SettingDefaults
): Promise<AdminSettings> {
	const settings = effectiveSettings(
		await readStoredSettings(deps.db, Date.now, { fresh: true }),
		defaults
	);
	return {
		settings,
		defaults: { globalConcurrency: DEFAULT_GLOBAL_CONCURRENCY, ...defaults },
		models: deps.catalogue.list().map((m) => {
			const o = settings.modelOverrides[m.id];
			return {
				id: m.id,
				label: m.label,
				provider: m.provider,
				cataloguePrice: m.price,
				price: o?.price ?? m.price,
				enabled: o?.enabled ?? true
			};
		})
	};
}

/** Figures over the last `days` UTC days (today included), with empty days filled in. */
export async function stats(deps: Deps, days: number): Promise<AdminStats> {
	const now = deps.now();
	const today = now - (now % DAY_MS);
	const since = today - (days - 1) * DAY_MS;
	const [daily, byModel, failures, queue, active] = await Promise.all([
		imagesByDay(deps.db, since),
		usageByModel(deps.db, since),
		failuresByCode(deps.db, since),
		queueDepth(deps.db),
		activeUsers(deps.db, now)
	]);
	const byDayMap = new Map(daily.map((d) => [d.day, d]));
	const byDay = Array.from({ length: days }, (_, i) => {
		const day = new Date(since + i * DAY_MS).toISOString().slice(0, 10);
		const found = byDayMap.get(day);
		return { day, images: found?.images ?? 0, credits: found?.credits ?? 0 };
	});
	return { days, byDay, byModel, failuresByCode: failures, queue, activeUsers: active };
}
