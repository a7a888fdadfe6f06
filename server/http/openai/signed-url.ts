/**
 * `response_format: "url"` answers: a link to one blob on the relay, signed with HMAC-SHA256 over
 * (user, sha256, expiry) with a server secret. The link serves only that blob, only while the user
 * may still read it (blob_refs), and only until it expires. The secret is API_URL_SECRET when set
 * (needed when several relays serve one site), else random per process (links die on restart).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RelayDeps } from '../../deps';

/** How long a link works (OpenAI's image URLs last an hour too). */
export const SIGNED_URL_TTL_MS = 60 * 60 * 1000;
const FILE_PATH = /^\/v1\/files\/([0-9a-f]{64})$/;

const processSecrets = new WeakMap<RelayDeps, string>();
function secretOf(deps: RelayDeps): string {
	if (deps.env.API_URL_SECRET) return deps.env.API_URL_SECRET;
	let secret = processSecrets.get(deps);
	if (!secret) processSecrets.set(deps, (secret = randomBytes(32).toString('hex')));
	return secret;
}

const signature = (secret: string, userId: string, sha256: string, exp: number) =>
	createHmac('sha256', secret).update(`${userId}\n${sha256}\n${exp}`).digest('base64url');

export function matchFilePath(pathname: string): string | null {
	return FILE_PATH.exec(pathname)?.[1] ?? null;
}

/** The path and query of a signed link to `sha256` for `userId`. */
export function signedFilePath(deps: RelayDeps, userId: string, sha256: string): string {
	const exp = Math.floor((deps.now() + SIGNED_URL_TTL_MS) / 1000);
	return `/v1/files/${sha256}?u=${userId}&exp=${exp}&sig=${signature(secretOf(deps), userId, sha256, exp)}`;
}

/** The user a link was signed for, or why it is refused. */
export function verifyFileLink(
	deps: RelayDeps,
	sha256: string,
	query: URLSearchParams
): { userId: string } | { refused: 'forged' | 'expired' } {
	const userId = query.get('u') ?? '';
	const exp = Number(query.get('exp'));
	const given = Buffer.from(query.get('sig') ?? '');
	const expected = Buffer.from(signature(secretOf(deps), userId, sha256, exp));
	if (
		!userId ||
		!Number.isInteger(exp) ||
		given.length !== expected.length ||
		!timingSafeEqual(given, expected)
	)
		return { refused: 'forged' };
	if (exp * 1000 <= deps.now()) return { refused: 'expired' };
	return { userId };
}
