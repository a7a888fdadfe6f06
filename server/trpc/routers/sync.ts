/** Sync (SYNC §4.4–§4.6): push named mutations, pull changed rows by cursor, repair rows, body history. */
import { tracked } from '@trpc/server';
import { z } from 'zod';
import {
	ENTITIES,
	PullInputSchema,
	PullResultSchema,
	PushInputSchema,
	PushResultSchema,
	RowsInputSchema,
	RowsResultSchema,
	type Entity
} from '#shared/schemas/sync';
import { authedProcedure, router } from '../init';
import { pushMutations } from '../../services/sync/push.service';
import { currentRows, promptRevisions, pullChanges } from '../../services/sync/pull.service';
import { seqChanges } from '../../services/sync/poke-hub';

const RevisionsInputSchema = z.object({ promptId: z.string().min(1).max(64) }).strict();

export const syncRouter = router({
	push: authedProcedure
		.input(PushInputSchema)
		.output(PushResultSchema)
		.mutation(({ ctx, input }) => {
			ctx.deps.metrics.sync('push', input.mutations.length);
			return pushMutations(ctx.deps, ctx.user.id, input);
		}),
	pull: authedProcedure
		.input(PullInputSchema)
		.output(PullResultSchema)
		.query(async ({ ctx, input }) => {
			const page = await pullChanges(ctx.deps, ctx.user.id, input);
			ctx.deps.metrics.sync('pull', page.reset ? 0 : page.changes.length);
			return page;
		}),
	/** Current rows by id (tombstones with seq 0 for ids the user has none of): repair after a rejection. */
	rows: authedProcedure
		.input(RowsInputSchema)
		.output(RowsResultSchema)
		.query(async ({ ctx, input }) => {
			const idsByEntity = new Map<Entity, string[]>();
			for (const ref of input.refs) {
				if (!(ENTITIES as readonly string[]).includes(ref.entity)) continue; // an entity this relay does not know has no rows
				const entity = ref.entity as Entity;
				idsByEntity.set(entity, [...(idsByEntity.get(entity) ?? []), ref.id]);
			}
			const changes = [];
			for (const [entity, ids] of idsByEntity)
				changes.push(...(await currentRows(ctx.deps, ctx.user.id, { entity, ids })));
			return { changes };
		}),
	/** SSE: the user's seq at once, then whenever it moves (a hint to pull; carries no data). */
	poke: authedProcedure
		.input(
			z
				.object({ lastEventId: z.string().max(32).nullish() })
				.strict()
				.optional()
		)
		.subscription(async function* ({ ctx, signal }) {
			for await (const seq of seqChanges(ctx.deps, ctx.user.id, signal))
				yield tracked(String(seq), { seq });
		}),
	revisions: authedProcedure
		.input(RevisionsInputSchema)
		.query(({ ctx, input }) => promptRevisions(ctx.deps, ctx.user.id, input.promptId))
});
