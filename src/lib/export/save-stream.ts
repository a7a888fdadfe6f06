/**
 * Saves a byte stream as a file. Where the File System Access API exists (Chromium desktop) the
 * person picks the file first and the stream is written to disk as it comes: memory holds only
 * the chunks in flight. Elsewhere the stream is collected into a Blob and downloaded: memory (or
 * the browser's blob store, which Chromium spills to disk) holds the whole file. Browser only.
 * @see https://developer.mozilla.org/docs/Web/API/Window/showSaveFilePicker
 */

/** Where the bytes will go: a file the person picked, or a download at the end. */
export type SaveTarget =
	{ kind: 'file'; writable: WritableStream<Uint8Array> } | { kind: 'download'; fileName: string };

interface SaveFilePickerWindow {
	showSaveFilePicker?: (options: {
		suggestedName: string;
		types: { description: string; accept: Record<string, string[]> }[];
	}) => Promise<{
		createWritable(): Promise<WritableStream<Uint8Array>>;
	}>;
}

/**
 * Asks where to save (must run inside the click, before any other await: the picker needs the
 * user gesture). Resolves null when the person closes the picker.
 */
export async function chooseSaveTarget(
	fileName: string,
	description: string
): Promise<SaveTarget | null> {
	const picker = (window as SaveFilePickerWindow).showSaveFilePicker;
	if (!picker) return { kind: 'download', fileName };
	try {
		const handle = await picker({
			suggestedName: fileName,
			types: [{ description, accept: { 'application/zip': ['.zip'] } }]
		});
		return { kind: 'file', writable: await handle.createWritable() };
	} catch (error) {
		if ((error as { name?: string }).name === 'AbortError') return null;
		throw error;
	}
}

/** Writes the stream to the target; on abort the partial file is discarded. */
export async function saveStream(
	stream: ReadableStream<Uint8Array>,
	target: SaveTarget,
	signal: AbortSignal
): Promise<void> {
	if (target.kind === 'file') {
		// pipeTo aborts the writable on failure or abort, which discards the unfinished file.
		await stream.pipeTo(target.writable, { signal });
		return;
	}
	const blob = await new Response(stream).blob();
	signal.throwIfAborted();
	const url = URL.createObjectURL(new Blob([blob], { type: 'application/zip' }));
	const link = Object.assign(document.createElement('a'), {
		href: url,
		download: target.fileName,
		rel: 'noopener'
	});
	document.body.append(link);
	link.click();
	link.remove();
	// Revoke later: some browsers read the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
