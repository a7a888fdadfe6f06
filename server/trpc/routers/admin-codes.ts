/** admin.codes.*: create redeem codes, list them with their uses, disable them. */
import {
	CreateCodesInputSchema,
	IdInputSchema,
	ListCodesInputSchema,
	type RedeemCodeInfo
} from '#shared/schemas/admin';
import { adminProcedure, router } from '../init';
import { countCodes, disableCode, listCodes } from '../../db/repositories/redeem.repository';
import { createCodes, toCodeInfo } from '../../services/redeem.service';
import { relayError } from '../errors';

export const adminCodesRouter = router({
	create: adminProcedure.input(CreateCodesInputSchema).mutation(async ({ ctx, input }) => {
		const codes = await createCodes(ctx.deps, input, ctx.user.id);
		ctx.deps.logger.info(
			{
				actorId: ctx.user.id,
				count: codes.length,
				credits: input.credits,
				requestId: ctx.requestId
			},
			'redeem codes created'
		);
		return codes;
	}),
	list: adminProcedure
		.input(ListCodesInputSchema)
		.query(async ({ ctx, input }): Promise<{ total: number; codes: RedeemCodeInfo[] }> => {
			const now = ctx.deps.now();
			const [rows, total] = await Promise.all([
				listCodes(ctx.deps.db, input),
				countCodes(ctx.deps.db)
			]);
			return { total, codes: rows.map((r) => toCodeInfo(r, now)) };
		}),
	disable: adminProcedure.input(IdInputSchema).mutation(async ({ ctx, input }) => {
		if (!(await disableCode(ctx.deps.db, input.id, ctx.deps.now())))
			throw relayError('NOT_FOUND', 'No such code.');
		return { ok: true as const };
	})
});
