/**
 * Saves bytes as a file through a temporary object URL and an `<a download>` click.
 * Browser only; must not keep the URL alive.
 */

/** Starts a download of `bytes` (of type `mime`) named `fileName`. */
export function downloadBytes(bytes: ArrayBuffer, mime: string, fileName: string): void {
	const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	// Revoke later: some browsers read the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
