/** Credits: the signed-in user's own ledger (what was granted, charged or refunded, and for what). */
import { ListLedgerInputSchema, type LedgerEntry } from '#shared/schemas/credits';
import { authedProcedure, router } from '../init';
import { listLedger } from '../../db/repositories/credits.repository';

export const creditsRouter = router({
	ledger: authedProcedure.input(ListLedgerInputSchema).query(async ({ ctx, input }): Promise<{ balance: number; entries: LedgerEntry[] }> => {
		const rows = await listLedger(ctx.deps.db, ctx.user.id, input.limit, input.beforeCreatedAt);
		return {
			balance: ctx.user.credits,
			entries: rows.map((r) => ({ id: r.id, amount: r.amount, kind: r.kind, reason: r.reason, generationId: r.generationId, createdAt: r.createdAt }))
		};
	})
});
