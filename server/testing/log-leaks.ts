/**
 * Scans captured log lines for what must never be logged (RELIABILITY §7.5): password hashes,
 * given secrets (provider keys, session tokens, API keys) and email addresses inside error lines.
 * Every test relay runs it on close, so any test of the suite that makes the relay leak fails.
 */
const ARGON2 = /\$argon2(id|i|d)\$/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** One readable line per leak (empty when clean). `secrets` shorter than 6 characters are ignored. */
export function findLogLeaks(lines: readonly string[], secrets: readonly string[] = []): string[] {
	const leaks: string[] = [];
	const watched = secrets.filter((s) => s.length >= 6);
	for (const line of lines) {
		const level = Number((/"level":(\d+)/.exec(line) ?? [])[1] ?? 0);
		const excerpt = line.slice(0, 160);
		if (ARGON2.test(line)) leaks.push(`password hash in: ${excerpt}`);
		for (const secret of watched)
			if (line.includes(secret)) leaks.push(`secret ${secret.slice(0, 4)}… in: ${excerpt}`);
		if (level >= 40 && EMAIL.test(line)) leaks.push(`email in an error line: ${excerpt}`);
	}
	return leaks;
}
