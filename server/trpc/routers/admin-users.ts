/** admin.users.* and admin.credits.*: list users, disable/enable, per-user limits, grant or take credits. */
import {
	AdjustCreditsInputSchema,
	ListUsersInputSchema,
	SetUserDisabledInputSchema,
	SetUserLimitsInputSchema
} from '#shared/schemas/admin';
import { adminProcedure, router } from '../init';
import { adjustCredits, listUsers, setDisabled, setLimits } from '../../services/admin.service';

export const adminUsersRouter = router({
	list: adminProcedure
		.input(ListUsersInputSchema)
		.query(({ ctx, input }) => listUsers(ctx.deps, input)),
	setDisabled: adminProcedure.input(SetUserDisabledInputSchema).mutation(async ({ ctx, input }) => {
		await setDisabled(ctx.deps, ctx.user.id, input);
		ctx.deps.logger.info(
			{
				actorId: ctx.user.id,
				userId: input.userId,
				disabled: input.disabled,
				requestId: ctx.requestId
			},
			'user disabled flag changed'
		);
		return { ok: true as const };
	}),
	setLimits: adminProcedure.input(SetUserLimitsInputSchema).mutation(async ({ ctx, input }) => {
		await setLimits(ctx.deps, input);
		return { ok: true as const };
	})
});

export const adminCreditsRouter = router({
	adjust: adminProcedure.input(AdjustCreditsInputSchema).mutation(async ({ ctx, input }) => {
		const result = await adjustCredits(ctx.deps, ctx.user.id, input);
		ctx.deps.logger.info(
			{
				actorId: ctx.user.id,
				userId: input.userId,
				amount: input.amount,
				requestId: ctx.requestId
			},
			'credits adjusted by an admin'
		);
		return result;
	})
});
