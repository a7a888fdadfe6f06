/** Credits: the signed-in user's own ledger, and redeeming a code for more credits. */
import { ListLedgerInputSchema, type LedgerEntry } from '#shared/schemas/credits';
import { RedeemInputSchema } from '#shared/schemas/admin';
import { authedProcedure, router } from '../init';
import { listLedger } from '../../db/repositories/credits.repository';
import { redeemCode } from '../../services/redeem.service';

export const creditsRouter = router({
	ledger: authedProcedure
		.input(ListLedgerInputSchema)
		.query(async ({ ctx, input }): Promise<{ balance: number; entries: LedgerEntry[] }> => {
			const rows = await listLedger(ctx.deps.db, ctx.user.id, input.limit, input.beforeCreatedAt);
			return {
				balance: ctx.user.credits,
				entries: rows.map((r) => ({
					id: r.id,
					amount: r.amount,
					kind: r.kind,
					reason: r.reason,
					generationId: r.generationId,
					createdAt: r.createdAt
				}))
			};
		}),
	/** Redeems a code once per user; answers the credits added and the new balance. */
	redeem: authedProcedure.input(RedeemInputSchema).mutation(async ({ ctx, input }) => {
		const result = await redeemCode(ctx.deps, ctx.user.id, input.code);
		ctx.deps.logger.info(
			{ userId: ctx.user.id, credits: result.credits, requestId: ctx.requestId },
			'code redeemed'
		);
		return result;
	})
});
