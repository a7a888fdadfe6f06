/**
 * The files a person chose or dropped, folders walked: an `<input multiple>` or
 * `<input webkitdirectory>` gives a FileList; a drop gives entries that may be folders, read with
 * the File and Directory Entries API (readEntries answers in pages of about 100 until empty).
 */

/** A file with the path it had under the dropped or chosen folder (for the report). */
export interface PickedFile {
	file: File;
	path: string;
}

/** Files of an input's FileList (a folder input fills webkitRelativePath). */
export function filesOfList(list: FileList | File[]): PickedFile[] {
	return Array.from(list, (file) => ({ file, path: file.webkitRelativePath || file.name }));
}

const fileOf = (entry: FileSystemFileEntry) =>
	new Promise<File>((resolve, reject) => entry.file(resolve, reject));

async function childrenOf(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
	const reader = directory.createReader();
	const all: FileSystemEntry[] = [];
	for (;;) {
		const page = await new Promise<FileSystemEntry[]>((resolve, reject) =>
			reader.readEntries(resolve, reject)
		);
		if (page.length === 0) return all;
		all.push(...page);
	}
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
	if (entry.isFile) {
		out.push({
			file: await fileOf(entry as FileSystemFileEntry),
			path: entry.fullPath.replace(/^\//, '')
		});
	} else if (entry.isDirectory) {
		for (const child of await childrenOf(entry as FileSystemDirectoryEntry)) await walk(child, out);
	}
}

/** Every file of a drop, folders included; browsers without entries give the plain files. */
export async function filesOfDrop(data: DataTransfer): Promise<PickedFile[]> {
	// Entries must be taken synchronously: the DataTransfer is emptied once the handler yields.
	const entries = Array.from(data.items ?? [], (item) =>
		item.kind === 'file' ? item.webkitGetAsEntry?.() : null
	);
	if (entries.length === 0 || entries.some((entry) => !entry)) return filesOfList(data.files);
	const out: PickedFile[] = [];
	for (const entry of entries) await walk(entry!, out);
	return out;
}

/** True when a drag carries files (not text or a link from the page). */
export const dragHasFiles = (data: DataTransfer | null): boolean =>
	!!data && Array.from(data.types).includes('Files');
