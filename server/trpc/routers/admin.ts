/**
 * The admin router: every procedure is an adminProcedure (signed in, role admin). Domains live in
 * admin-*.ts; settings and statistics are small enough to sit here.
 */
import {
	StatsInputSchema,
	UpdateSettingsInputSchema,
	type AdminSettings
} from '#shared/schemas/admin';
import { adminProcedure, router } from '../init';
import type { RelayDeps } from '../../deps';
import { settingsView, stats } from '../../services/admin.service';
import { updateSettings } from '../../services/settings.service';
import { adminCodesRouter } from './admin-codes';
import { adminPresetsRouter } from './admin-presets';
import { adminCreditsRouter, adminUsersRouter } from './admin-users';

const defaultsOf = (deps: RelayDeps) => ({
	startingCredits: deps.env.STARTING_CREDITS,
	ratePerMinute: deps.limits.perMinute,
	maxInFlightPerUser: deps.limits.inFlightPerUser
});

const adminSettingsRouter = router({
	get: adminProcedure.query(({ ctx }): Promise<AdminSettings> =>
		settingsView(ctx.deps, defaultsOf(ctx.deps))
	),
	/** Changes the given settings (null resets one to its default); answers the settings in force. */
	update: adminProcedure
		.input(UpdateSettingsInputSchema)
		.mutation(async ({ ctx, input }): Promise<AdminSettings> => {
			await updateSettings(ctx.deps, input, ctx.user.id);
			ctx.deps.logger.info(
				{ actorId: ctx.user.id, keys: Object.keys(input), requestId: ctx.requestId },
				'settings changed'
			);
			return settingsView(ctx.deps, defaultsOf(ctx.deps));
		})
});

export const adminRouter = router({
	users: adminUsersRouter,
	credits: adminCreditsRouter,
	codes: adminCodesRouter,
	presets: adminPresetsRouter,
	settings: adminSettingsRouter,
	stats: adminProcedure
		.input(StatsInputSchema)
		.query(({ ctx, input }) => stats(ctx.deps, input.days))
});
