/**
 * Redeem codes: admins create codes worth N credits (one or many uses, optional expiry); a user
 * redeems a code once. Redeeming is throttled per user (codes cannot be guessed), and the use
 * count, the redemption row and the ledger entry change together in one transaction.
 */
import { randomInt } from 'node:crypto';
import { uuidv7 } from '#shared/ids';
import type { RedeemCodeInfo } from '#shared/schemas/admin';
import type { Db } from '../db/client';
import { applyLedgerEntry } from '../db/repositories/credits.repository';
import {
	findCodeByCode,
	insertCodes,
	redeemOnce,
	type RedeemCodeRow
} from '../db/repositories/redeem.repository';
import { appError } from './app-error';
import { takeRateLimit } from './rate-limit';

/** Attempts (right or wrong) one user may make per window. */
export const REDEEM_ATTEMPTS_PER_WINDOW = 10;
export const REDEEM_WINDOW_MS = 15 * 60_000;

/** No 0/O, 1/I/L: readable aloud and from a screen. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GENERATED_LENGTH = 12;

interface Deps {
	db: Db;
	now: () => number;
}

/** Upper case without spaces or dashes: how codes are stored and compared. */
export function normalizeCode(raw: string): string {
	return raw.toUpperCase().replace(/[\s-]+/g, '');
}

/**
 * `ABCDEFGHJKMN` → `ABCD-EFGH-JKMN`, for showing a generated code. A code an admin chose
 * (`WELCOME-2026`, stored `WELCOME2026`) is shown as stored: cutting it into fours made
 * `WELC-OME2-026`, which nobody would recognise.
 */
export function displayCode(code: string): string {
	const isGenerated =
		code.length === GENERATED_LENGTH && [...code].every((char) => ALPHABET.includes(char));
	return isGenerated ? (code.match(/.{1,4}/g)?.join('-') ?? code) : code;
}

export function generateCode(): string {
	return Array.from({ length: GENERATED_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(
		''
	);
}

export function codeStatus(row: RedeemCodeRow, now: number): RedeemCodeInfo['status'] {
	if (row.disabledAt !== null) return 'disabled';
	if (row.expiresAt !== null && row.expiresAt <= now) return 'expired';
	if (row.uses >= row.maxUses) return 'used-up';
	return 'active';
}

export function toCodeInfo(row: RedeemCodeRow, now: number): RedeemCodeInfo {
	const { id, credits, maxUses, uses, expiresAt, note, disabledAt, createdAt } = row;
	return {
		id,
		code: displayCode(row.code),
		credits,
		maxUses,
		uses,
		expiresAt,
		note,
		disabledAt,
		createdAt,
		status: codeStatus(row, now)
	};
}

/**
 * Creates `count` random codes, or the one chosen `code`.
 * @throws REDEEM_CODE_TAKEN when the chosen code exists already.
 */
export async function createCodes(
	deps: Deps,
	input: {
		credits: number;
		maxUses: number;
		count: number;
		code?: string;
		expiresAt: number | null;
		note: string;
	},
	actorId: string
): Promise<RedeemCodeInfo[]> {
	const now = deps.now();
	const codes =
		input.code !== undefined
			? [normalizeCode(input.code)]
			: Array.from({ length: input.count }, generateCode);
	const rows = codes.map((code) => ({
		id: uuidv7(now),
		code,
		credits: input.credits,
		maxUses: input.maxUses,
		uses: 0,
		expiresAt: input.expiresAt,
		note: input.note || null,
		disabledAt: null,
		createdBy: actorId,
		createdAt: now
	}));
	if (!(await insertCodes(deps.db, rows)))
		throw appError('REDEEM_CODE_TAKEN', 'That code exists already; choose another.');
	return rows.map((r) => toCodeInfo(r, now));
}

/**
 * Redeems a code for the user and returns the credits added and the new balance.
 * @throws RATE_LIMITED past {@link REDEEM_ATTEMPTS_PER_WINDOW} attempts; REDEEM_CODE_UNKNOWN,
 * _EXPIRED (also disabled codes), _USED_UP or _ALREADY_REDEEMED, changing nothing.
 */
export async function redeemCode(
	deps: Deps,
	userId: string,
	raw: string
): Promise<{ credits: number; balance: number }> {
	await takeRateLimit(deps, {
		key: `redeem:${userId}`,
		limit: REDEEM_ATTEMPTS_PER_WINDOW,
		windowMs: REDEEM_WINDOW_MS,
		what: 'Too many attempts to redeem a code.'
	});
	const code = normalizeCode(raw);
	const unknown = () =>
		appError('REDEEM_CODE_UNKNOWN', 'There is no such code. Check it and try again.');
	if (!/^[A-Z0-9]{4,64}$/.test(code)) throw unknown();
	const row = await findCodeByCode(deps.db, code);
	if (!row) throw unknown();
	const now = deps.now();
	const status = codeStatus(row, now);
	if (status === 'disabled' || status === 'expired')
		throw appError('REDEEM_CODE_EXPIRED', 'This code is no longer valid.');
	return deps.db.transaction(async (tx) => {
		const txDb = tx as unknown as Db;
		const outcome = await redeemOnce(txDb, { code: row, userId, now });
		if (outcome === 'already')
			throw appError('REDEEM_CODE_ALREADY_REDEEMED', 'You have already redeemed this code.');
		if (outcome === 'used-up') throw appError('REDEEM_CODE_USED_UP', 'This code has been used up.');
		const balance = await applyLedgerEntry(txDb, {
			userId,
			amount: row.credits,
			kind: 'redeem',
			reason: `Code ${displayCode(code)}`,
			now
		});
		// A positive amount cannot fail the balance check; a missing user would be a bug.
		if (balance === null) throw appError('NOT_FOUND', 'No such account.');
		return { credits: row.credits, balance };
	});
}
