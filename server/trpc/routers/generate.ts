/** Generation: submit (idempotent by client id), status, and the model catalogue. */
import { z } from 'zod';
import { GenerationIdInputSchema, SubmitGenerationInputSchema } from '#shared/schemas/generate';
import { Uuidv7Schema } from '#shared/ids';
import { authedProcedure, router } from '../init';
import { getGenerationStatus, submitGeneration } from '../../services/generate.service';
import { modelsOnOffer } from '../../services/settings-generation';

export const generateRouter = router({
	/** Models whose provider is configured, with capabilities and price. */
	models: authedProcedure.query(async ({ ctx }) =>
		(await modelsOnOffer(ctx.deps)).map(({ upstreamId: _upstream, ...model }) => model)
	),
	submit: authedProcedure
		.input(SubmitGenerationInputSchema)
		.mutation(({ ctx, input }) => submitGeneration(ctx.deps, ctx.user.id, input)),
	status: authedProcedure
		.input(GenerationIdInputSchema)
		.query(({ ctx, input }) => getGenerationStatus(ctx.deps, ctx.user.id, input.id)),
	/** Status of many generations at once (a client catching up after a reload). */
	statuses: authedProcedure
		.input(z.object({ ids: z.array(Uuidv7Schema).min(1).max(100) }).strict())
		.query(async ({ ctx, input }) => {
			const results = await Promise.allSettled(
				input.ids.map((id) => getGenerationStatus(ctx.deps, ctx.user.id, id))
			);
			return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
		})
});
