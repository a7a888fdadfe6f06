/**
 * Personal API keys (issue 13): made with a name (the secret is returned once and only its sha256
 * is kept), listed, revoked; and the /v1 API's authentication. A key acts as its user for /v1 only:
 * it never opens a session, so it can never reach tRPC (admin procedures included).
 */
import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from '#shared/ids';
import {
	MAX_ACTIVE_API_KEYS,
	type ApiKeySummary,
	type CreateApiKeyInput,
	type CreatedApiKey
} from '#shared/schemas/api-keys';
import type { Db } from '../db/client';
import {
	findApiKeyByHash,
	insertApiKey,
	listApiKeys as listKeyRows,
	revokeApiKey as revokeKeyRow,
	touchApiKey,
	type ApiKeyRow
} from '../db/repositories/api-keys.repository';
import { findUserById, type UserRow } from '../db/repositories/users.repository';
import { appError } from './app-error';

interface KeyDeps {
	db: Db;
	now: () => number;
}

/** Every key starts with this, so leaked keys are easy to spot (secret scanners, logs). */
export const API_KEY_PREFIX = 'nbs_';
const DAY_MS = 86_400_000;

export const hashApiKey = (secret: string): string =>
	createHash('sha256').update(secret).digest('hex');

function summary(row: ApiKeyRow): ApiKeySummary {
	return {
		id: row.id,
		name: row.name,
		prefix: row.prefix,
		createdAt: row.createdAt,
		lastUsedAt: row.lastUsedAt,
		revokedAt: row.revokedAt,
		expiresAt: row.expiresAt,
		creditCap: row.creditCap,
		creditsUsed: row.creditsUsed
	};
}

export async function createApiKey(
	deps: KeyDeps,
	userId: string,
	input: CreateApiKeyInput
): Promise<CreatedApiKey> {
	const now = deps.now();
	const active = (await listKeyRows(deps.db, userId)).filter(
		(k) => k.revokedAt === null && (k.expiresAt === null || k.expiresAt > now)
	);
	if (active.length >= MAX_ACTIVE_API_KEYS) {
		throw appError(
			'BAD_INPUT',
			`At most ${MAX_ACTIVE_API_KEYS} API keys can be active at once; revoke one first.`
		);
	}
	// 32 random bytes: unguessable, so a plain sha256 is a safe thing to store (see schema/api-keys.ts).
	const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
	const row: ApiKeyRow = {
		id: uuidv7(now),
		userId,
		name: input.name,
		prefix: secret.slice(0, API_KEY_PREFIX.length + 8),
		hash: hashApiKey(secret),
		createdAt: now,
		lastUsedAt: null,
		revokedAt: null,
		expiresAt: input.expiresInDays ? now + input.expiresInDays * DAY_MS : null,
		creditCap: input.creditCap ?? null,
		creditsUsed: 0
	};
	await insertApiKey(deps.db, row);
	return { key: summary(row), secret };
}

export async function listApiKeys(deps: KeyDeps, userId: string): Promise<ApiKeySummary[]> {
	return (await listKeyRows(deps.db, userId)).map(summary);
}

export async function revokeApiKey(deps: KeyDeps, userId: string, id: string): Promise<void> {
	if (!(await revokeKeyRow(deps.db, userId, id, deps.now())))
		throw appError('NOT_FOUND', 'No such active API key.');
}

/** Why a presented key is refused; the /v1 layer answers 401 for each. */
export class ApiKeyRefused extends Error {
	constructor(message: string) {
		super(message);
	}
}

/**
 * The user and key behind `Authorization: Bearer <key>`; refuses unknown, revoked and expired
 * keys and disabled accounts. Stamps last use.
 */
export async function authenticateApiKey(
	deps: KeyDeps,
	secret: string | null
): Promise<{ user: UserRow; key: ApiKeyRow }> {
	if (!secret)
		throw new ApiKeyRefused('Missing API key: send it as "Authorization: Bearer <key>".');
	if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200)
		throw new ApiKeyRefused('Incorrect API key provided.');
	const key = await findApiKeyByHash(deps.db, hashApiKey(secret));
	if (!key) throw new ApiKeyRefused('Incorrect API key provided.');
	const now = deps.now();
	if (key.revokedAt !== null) throw new ApiKeyRefused('This API key was revoked.');
	if (key.expiresAt !== null && key.expiresAt <= now)
		throw new ApiKeyRefused('This API key has expired.');
	const user = await findUserById(deps.db, key.userId);
	if (!user || user.disabled) throw new ApiKeyRefused('This account is disabled.');
	await touchApiKey(deps.db, key.id, now);
	return { user, key };
}
