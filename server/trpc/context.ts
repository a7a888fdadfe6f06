/**
 * The tRPC context: the relay's dependencies, the signed-in user (from the session cookie) and a
 * way to set or clear that cookie. `createContextInner` is what tests call directly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayDeps } from '../deps';
import { userFromToken } from '../services/auth.service';
import type { UserRow } from '../db/repositories/users.repository';
import { readSessionCookie, sessionCookie, clearedSessionCookie } from '../http/cookies';

/** Writes the session cookie on the response (or records it, in tests). */
export interface SessionCookieJar {
	token: string | null;
	set(token: string, expiresAt: number): void;
	clear(): void;
}

export interface Context {
	deps: RelayDeps;
	user: UserRow | null;
	cookies: SessionCookieJar;
	requestId: string;
	ip: string;
}

export function createContextInner(options: {
	deps: RelayDeps;
	user: UserRow | null;
	cookies?: SessionCookieJar;
	requestId?: string;
	ip?: string;
}): Context {
	return {
		deps: options.deps,
		user: options.user,
		cookies: options.cookies ?? memoryCookieJar(null),
		requestId: options.requestId ?? 'test',
		ip: options.ip ?? '127.0.0.1'
	};
}

/** A cookie jar that only remembers, for createCaller tests. */
export function memoryCookieJar(token: string | null): SessionCookieJar {
	const jar: SessionCookieJar = {
		token,
		set: (t) => void (jar.token = t),
		clear: () => void (jar.token = null)
	};
	return jar;
}

export async function createHttpContext(
	deps: RelayDeps,
	req: IncomingMessage,
	res: ServerResponse,
	meta: { requestId: string; ip: string; secure: boolean; user?: Promise<UserRow | null> }
): Promise<Context> {
	const token = readSessionCookie(req.headers.cookie, meta.secure);
	// app.ts already looked the session up for the body ceiling; reuse that answer.
	const user = await (meta.user ?? userFromToken({ db: deps.db, now: deps.now }, token));
	const cookies: SessionCookieJar = {
		token,
		set: (t, expiresAt) => res.appendHeader('Set-Cookie', sessionCookie(t, expiresAt, meta.secure)),
		clear: () => res.appendHeader('Set-Cookie', clearedSessionCookie(meta.secure))
	};
	return createContextInner({ deps, user, cookies, requestId: meta.requestId, ip: meta.ip });
}
