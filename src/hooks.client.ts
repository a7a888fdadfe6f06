/**
 * The client's error funnel (issue 12): errors SvelteKit catches while loading or rendering, and
 * promises nobody awaited, all go through `handleError` in $lib/errors — logged, mapped to one of
 * our codes, shown in the person's language. Storage-full is never swallowed: the funnel raises the
 * storage-full notice (with its export/cleanup actions) whichever way the error arrived.
 */
import type { HandleClientError } from '@sveltejs/kit';
import { handleError as report } from '$lib/errors';

export const handleError: HandleClientError = ({ error, status, message }) => {
	// A 404 is a page that does not exist, not a failure to report; +error.svelte says so.
	if (status === 404) return { message };
	const shown = report(error, 'sveltekit', { toast: false });
	return { message: shown ?? message };
};

if (typeof window !== 'undefined') {
	window.addEventListener('unhandledrejection', (event) => {
		// Reported (and logged) by the funnel; aborts come back null and stay quiet.
		report(event.reason, 'unhandledrejection');
		event.preventDefault();
	});
}
