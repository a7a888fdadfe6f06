/** Accounts: register, sign in, sign out, me. Sets and clears the httpOnly session cookie. */
import { RegisterInputSchema, SignInInputSchema } from '#shared/schemas/auth';
import { authedProcedure, publicProcedure, router } from '../init';
import { register, signIn, signOut, toMe, type AuthDeps } from '../../services/auth.service';
import type { RelayDeps } from '../../deps';

const authDeps = (deps: RelayDeps): AuthDeps => ({
	db: deps.db,
	now: deps.now,
	startingCredits: deps.env.STARTING_CREDITS,
	adminEmails: deps.env.ADMIN_EMAILS,
	sessionDays: deps.env.SESSION_DAYS
});

export const authRouter = router({
	register: publicProcedure.input(RegisterInputSchema).mutation(async ({ ctx, input }) => {
		const session = await register(authDeps(ctx.deps), input);
		ctx.cookies.set(session.token, session.expiresAt);
		ctx.deps.logger.info(
			{ userId: session.user.id, role: session.user.role, requestId: ctx.requestId },
			'account created'
		);
		return session.user;
	}),
	signIn: publicProcedure.input(SignInInputSchema).mutation(async ({ ctx, input }) => {
		const session = await signIn(authDeps(ctx.deps), input, ctx.ip);
		ctx.cookies.set(session.token, session.expiresAt);
		return session.user;
	}),
	signOut: authedProcedure.mutation(async ({ ctx }) => {
		if (ctx.cookies.token) await signOut(authDeps(ctx.deps), ctx.cookies.token);
		ctx.cookies.clear();
		return { ok: true as const };
	}),
	/** The signed-in user with their balance, or null. */
	me: publicProcedure.query(({ ctx }) => (ctx.user ? toMe(ctx.user) : null))
});
