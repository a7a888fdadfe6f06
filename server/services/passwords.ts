/**
 * Password hashing with argon2id at OWASP's minimum cost (19 MiB, t=2), with at most two hashes
 * at a time so a login flood cannot exhaust CPU or memory. Unknown emails verify a dummy hash
 * so both paths take the same time.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm is an ambient const enum (not importable as a value here); 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
	if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

export function hashPassword(password: string): Promise<string> {
	return limited(() => hash(password, OPTIONS));
}

let dummyHash: Promise<string> | null = null;

/** Verifies `password` against `stored`, or against a dummy hash when there is no user. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
	dummyHash ??= hash('not-a-real-password-0000', OPTIONS);
	const target = stored ?? (await dummyHash);
	const ok = await limited(() => verify(target, password).catch(() => false));
	return stored !== null && ok;
}
