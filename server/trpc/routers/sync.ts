/** Sync (SYNC §4.4–§4.6): push named mutations, pull changed rows by cursor, repair rows, body history. */
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { ChangeSchema, ENTITIES, PullInputSchema, PullResultSchema, PushInputSchema, PushResultSchema } from '#shared/schemas/sync';
import { authedProcedure, router } from '../init';
import { pushMutations } from '../../services/sync/push.service';
import { currentRows, promptRevisions, pullChanges } from '../../services/sync/pull.service';
import { seqChanges } from '../../services/sync/poke-hub';

const RowsInputSchema = z.object({ entity: z.enum(ENTITIES), ids: z.array(z.string().min(1).max(200)).min(1).max(100) }).strict();
const RevisionsInputSchema = z.object({ promptId: z.string().min(1).max(64) }).strict();

export const syncRouter = router({
	push: authedProcedure
		.input(PushInputSchema)
		.output(PushResultSchema)
		.mutation(({ ctx, input }) => pushMutations(ctx.deps, ctx.user.id, input)),
	pull: authedProcedure
		.input(PullInputSchema)
		.output(PullResultSchema)
		.query(({ ctx, input }) => pullChanges(ctx.deps, ctx.user.id, input)),
	/** Current rows by id (tombstones with seq 0 for ids the user has none of): repair after a rejection. */
	rows: authedProcedure
		.input(RowsInputSchema)
		.output(z.array(ChangeSchema))
		.query(({ ctx, input }) => currentRows(ctx.deps, ctx.user.id, input)),
	/** SSE: the user's seq at once, then whenever it moves (a hint to pull; carries no data). */
	poke: authedProcedure.input(z.object({ lastEventId: z.string().max(32).nullish() }).strict().optional()).subscription(async function* ({ ctx, signal }) {
		for await (const seq of seqChanges(ctx.deps, ctx.user.id, signal)) yield tracked(String(seq), { seq });
	}),
	revisions: authedProcedure.input(RevisionsInputSchema).query(({ ctx, input }) => promptRevisions(ctx.deps, ctx.user.id, input.promptId))
});
