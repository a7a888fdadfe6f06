/**
 * The only initTRPC call. Exports the approved builders: public, authed (a signed-in, enabled
 * user) and admin (role check). The error formatter adds our ErrorCode and never a stack.
 */
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { Context } from './context';
import {
	databaseUnavailableError,
	errorDetail,
	relayError,
	RelayErrorCauseCarrier,
	toTRPCError
} from './errors';
import { AppError } from '../services/app-error';
import { findRefusedText, refusedTextMessage } from '../http/refused-text';
import { isDatabaseUnavailable } from '../db/unavailable';

const t = initTRPC.context<Context>().create({
	// SSE subscriptions (sync.poke): a comment line every 15 s keeps proxies from closing an idle
	// stream (SYNC §4.6 asks for ≤ 20–25 s); the client reconnects when it hears nothing for 40 s.
	sse: {
		ping: { enabled: true, intervalMs: 15_000 },
		client: { reconnectAfterInactivityMs: 40_000 }
	},
	errorFormatter({ shape, error }) {
		const detail = errorDetail(error);
		const zodIssues =
			error.code === 'BAD_REQUEST' && error.cause instanceof z.ZodError
				? z.flattenError(error.cause)
				: null;
		return {
			// Unexpected errors may carry driver or file-system text: never send it to the client.
			message:
				error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof RelayErrorCauseCarrier)
					? 'Internal error'
					: shape.message,
			code: shape.code,
			data: {
				code: shape.data.code,
				// app.ts answers CLIENT_TOO_OLD with 426 (SYNC §4.13); the body says the same.
				httpStatus: detail.code === 'CLIENT_TOO_OLD' ? 426 : shape.data.httpStatus,
				path: shape.data.path,
				errorCode: detail.code,
				retryable: detail.retryable,
				retryAfterMs: detail.retryAfterMs,
				zod: zodIssues
			}
		};
	}
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Parts of an input checked further in, where one bad item must not refuse the rest (sync.push → per-mutation INVALID). */
const CHECKED_PER_ITEM: Record<string, (path: readonly (string | number)[]) => boolean> = {
	'sync.push': (p) => p.length === 3 && p[0] === 'mutations' && p[2] === 'args'
};

/**
 * [Note: One text rule] Every procedure starts here: the raw input is walked once for text the
 * database refuses (NUL, lone surrogates; see http/refused-text.ts) and refused as BAD_INPUT naming
 * the field, before zod or any query runs. A middleware rather than a refinement on each schema:
 * it cannot be forgotten on a new string field, and it also covers record keys and `unknown` args.
 */
export const publicProcedure = t.procedure.use(async ({ path, getRawInput, next }) => {
	const refused = findRefusedText(await getRawInput(), CHECKED_PER_ITEM[path]);
	if (refused) throw relayError('BAD_INPUT', refusedTextMessage(refused));
	const result = await next();
	// Services throw AppError and know nothing of tRPC; this is where it becomes a TRPCError (STYLE B.8).
	if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
	// A database outage is a 503 the client retries, not an "Internal error" (RELIABILITY §7.2 F10).
	if (
		!result.ok &&
		result.error.code === 'INTERNAL_SERVER_ERROR' &&
		isDatabaseUnavailable(result.error.cause)
	)
		throw databaseUnavailableError();
	return result;
});

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
	if (!ctx.user) throw relayError('UNAUTHENTICATED', 'Sign in first.');
	return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
	if (ctx.user.role !== 'admin') throw relayError('FORBIDDEN', 'Only an admin may do this.');
	return next();
});
