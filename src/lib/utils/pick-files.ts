/**
 * Sorts the files a person chose for source images into those to upload and those refused, with
 * why: wrong type and too large are known before uploading, so they never take a free slot from a
 * good file; past the model's limit the rest are refused as over the limit. Pure.
 */

/** Why a chosen file was not added. */
export type RefusalReason = 'type' | 'size' | 'limit' | 'unreadable';

export interface Refusal {
	name: string;
	reason: RefusalReason;
}

export interface PickedFiles<F> {
	accepted: F[];
	refused: Refusal[];
}

/** Takes the good files in order while there is `room`; refuses the others with a reason. */
export function sortPickedFiles<F extends { name: string; type: string; size: number }>(
	files: Iterable<F>,
	options: { room: number; types: readonly string[]; maxBytes: number }
): PickedFiles<F> {
	const accepted: F[] = [];
	const refused: Refusal[] = [];
	for (const file of files) {
		if (!options.types.includes(file.type)) refused.push({ name: file.name, reason: 'type' });
		else if (file.size > options.maxBytes) refused.push({ name: file.name, reason: 'size' });
		else if (accepted.length >= options.room) refused.push({ name: file.name, reason: 'limit' });
		else accepted.push(file);
	}
	return { accepted, refused };
}
