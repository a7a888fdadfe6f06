/** The root router. `AppRouter` is the one thing the app imports from the relay, as a type only. */
import { router } from './init';
import { authRouter } from './routers/auth';
import { generateRouter } from './routers/generate';

export const appRouter = router({
	auth: authRouter,
	generate: generateRouter
});

export type AppRouter = typeof appRouter;
