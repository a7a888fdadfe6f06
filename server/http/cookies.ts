/**
 * The session cookie: httpOnly, SameSite=Lax, Path=/. Over https it is `__Host-` prefixed and
 * Secure; over plain http (localhost) the prefix is dropped, as browsers require.
 */
const NAME_SECURE = '__Host-nbs_session';
const NAME_PLAIN = 'nbs_session';

export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
	const name = secure ? NAME_SECURE : NAME_PLAIN;
	return `${name}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${new Date(expiresAt).toUTCString()}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
	const name = secure ? NAME_SECURE : NAME_PLAIN;
	return `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The session token from a Cookie header, or null. */
export function readSessionCookie(header: string | undefined, secure: boolean): string | null {
	if (!header) return null;
	const name = secure ? NAME_SECURE : NAME_PLAIN;
	for (const part of header.split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return rest.join('=') || null;
	}
	return null;
}
