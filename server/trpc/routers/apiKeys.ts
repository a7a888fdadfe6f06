/** Personal API keys (issue 13): create (the secret is in this answer only), list, revoke. */
import { z } from 'zod';
import { CreateApiKeyInputSchema } from '#shared/schemas/api-keys';
import { authedProcedure, router } from '../init';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys.service';

export const apiKeysRouter = router({
	list: authedProcedure.query(({ ctx }) => listApiKeys(ctx.deps, ctx.user.id)),
	create: authedProcedure
		.input(CreateApiKeyInputSchema)
		.mutation(({ ctx, input }) => createApiKey(ctx.deps, ctx.user.id, input)),
	revoke: authedProcedure
		.input(z.object({ id: z.uuid() }).strict())
		.mutation(({ ctx, input }) => revokeApiKey(ctx.deps, ctx.user.id, input.id))
});
