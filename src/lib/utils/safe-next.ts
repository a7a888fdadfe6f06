/**
 * The `next` parameter of /login: where to go after signing in. Only a path on this site is
 * followed; anything that could leave it (`//evil`, `https:`, `\\`, `javascript:`) becomes '/'.
 */

/** A same-origin relative path (with its query and hash) from `next`, or '/' when it is not one. */
export function safeNext(next: string | null | undefined): string {
	if (!next || next.length > 2_000) return '/';
	// Must start with one slash; a second slash or a backslash would name another host.
	if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	// eslint-disable-next-line no-control-regex -- refusing control characters is the point
	if (/[\u0000-\u001f\\]/.test(next)) return '/';
	let url: URL;
	try {
		url = new URL(next, 'http://same.invalid');
	} catch {
		return '/';
	}
	if (url.origin !== 'http://same.invalid' || url.pathname.startsWith('/login')) return '/';
	return `${url.pathname}${url.search}${url.hash}`;
}

/** The /login address that comes back to `path` (plus query) after signing in. */
export function loginUrlFor(path: string): string {
	const next = safeNext(path);
	return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
