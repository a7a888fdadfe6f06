/** The root router. `AppRouter` is the one thing the app imports from the relay, as a type only. */
import { router } from './init';
import { adminRouter } from './routers/admin';
import { apiKeysRouter } from './routers/apiKeys';
import { authRouter } from './routers/auth';
import { blobsRouter } from './routers/blobs';
import { creditsRouter } from './routers/credits';
import { generateRouter } from './routers/generate';
import { presetsRouter } from './routers/presets';
import { syncRouter } from './routers/sync';

export const appRouter = router({
	admin: adminRouter,
	apiKeys: apiKeysRouter,
	auth: authRouter,
	blobs: blobsRouter,
	credits: creditsRouter,
	generate: generateRouter,
	presets: presetsRouter,
	sync: syncRouter
});

export type AppRouter = typeof appRouter;
