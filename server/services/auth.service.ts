/**
 * Accounts: register, sign in, sign out, and session lookup. Session tokens are 32 random bytes;
 * only their sha256 is stored, so a database leak yields no usable session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from '#shared/ids';
import type { Me, RegisterInput, SignInInput } from '#shared/schemas/auth';
import type { Db } from '../db/client';
import {
	createUser,
	deleteSession,
	findSessionUser,
	findUserByEmail,
	insertSession,
	type UserRow
} from '../db/repositories/users.repository';
import { appError } from './app-error';
import { hashPassword, verifyPassword } from './passwords';
import { takeRateLimit } from './rate-limit';
import { readStoredSettings } from './settings.service';

/** Sign-in attempts allowed per account and per address in each 15-minute window (OWASP throttling). */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_LIMIT_PER_ACCOUNT = 10;
export const SIGN_IN_LIMIT_PER_ADDRESS = 50;

export interface AuthDeps {
	db: Db;
	now: () => number;
	/** Starting credits from env; an admin's `startingCredits` setting overrides it. */
	startingCredits: number;
	/** Emails (lower case) that sign up as admins; the first account always does. */
	adminEmails: readonly string[];
	sessionDays: number;
}

export interface NewSession {
	user: Me;
	token: string;
	expiresAt: number;
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function toMe(user: UserRow): Me {
	return {
		id: user.id,
		email: user.email,
		displayName: user.displayName,
		role: user.role,
		credits: user.credits
	};
}

async function startSession(deps: AuthDeps, user: UserRow): Promise<NewSession> {
	const token = randomBytes(32).toString('base64url');
	const now = deps.now();
	const expiresAt = now + deps.sessionDays * 86_400_000;
	await insertSession(deps.db, {
		tokenHash: hashToken(token),
		userId: user.id,
		createdAt: now,
		expiresAt
	});
	return { user: toMe(user), token, expiresAt };
}

/** Creates an account and signs it in. The first account, and any of ADMIN_EMAILS, is an admin. */
export async function register(deps: AuthDeps, input: RegisterInput): Promise<NewSession> {
	const passwordHash = await hashPassword(input.password);
	const user = await createUser(deps.db, {
		id: uuidv7(),
		email: input.email,
		displayName: input.displayName || null,
		passwordHash,
		startingCredits: (await readStoredSettings(deps.db)).startingCredits ?? deps.startingCredits,
		makeAdmin: deps.adminEmails.includes(input.email.toLowerCase()),
		now: deps.now()
	});
	if (!user) throw appError('EMAIL_TAKEN', 'An account with this email already exists.');
	return startSession(deps, user);
}

/**
 * Signs in; wrong email and wrong password give the same answer in the same time. Attempts are
 * throttled per account and per client address (counted in the database, so across relays).
 */
export async function signIn(
	deps: AuthDeps,
	input: SignInInput,
	clientAddress: string
): Promise<NewSession> {
	const what = 'Too many sign-in attempts.';
	await takeRateLimit(deps, {
		key: `signin-account:${input.email}`,
		limit: SIGN_IN_LIMIT_PER_ACCOUNT,
		windowMs: SIGN_IN_WINDOW_MS,
		what
	});
	await takeRateLimit(deps, {
		key: `signin-address:${clientAddress}`,
		limit: SIGN_IN_LIMIT_PER_ADDRESS,
		windowMs: SIGN_IN_WINDOW_MS,
		what
	});
	const user = await findUserByEmail(deps.db, input.email);
	const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
	if (!user || !ok) throw appError('BAD_CREDENTIALS', 'Wrong email or password.');
	if (user.disabled) throw appError('ACCOUNT_DISABLED', 'This account is disabled.');
	return startSession(deps, user);
}

export async function signOut(deps: AuthDeps, token: string): Promise<void> {
	await deleteSession(deps.db, hashToken(token));
}

/** The user behind a session token, or null (unknown, expired or disabled). */
export async function userFromToken(
	deps: Pick<AuthDeps, 'db' | 'now'>,
	token: string | null
): Promise<UserRow | null> {
	if (!token || token.length > 200) return null;
	const user = await findSessionUser(deps.db, hashToken(token), deps.now());
	return user && !user.disabled ? user : null;
}
