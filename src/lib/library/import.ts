/**
 * Importing into the library: duplicates are found against the library and within the file,
 * then every new prompt is created in one transaction (all or nothing), and a report says what
 * was imported and what was skipped and why.
 */
import type { StudioDB } from '../db/database';
import { createPrompts, type NewPrompt } from '../db/prompt.repository';
import type { PromptRow } from '../shared/schemas/rows';
import { fold } from './search-index';
import type { ParsedImport, PromptDraft, SkippedRow } from './formats/index';

/** What an import did. */
export interface ImportReport {
	imported: { line: number; title: string; id: string }[];
	skipped: SkippedRow[];
}

/** The identity used for duplicates: text and negative prompt, whitespace and case folded. */
export function duplicateKey(prompt: { text: string; negativePrompt: string }): string {
	const norm = (s: string) => fold(s).replace(/\s+/g, ' ').trim();
	return `${norm(prompt.text)}\u0000${norm(prompt.negativePrompt)}`;
}

/** Splits drafts into new ones and duplicates (of live library prompts or earlier rows). */
export function planImport(
	parsed: ParsedImport,
	library: readonly PromptRow[]
): { create: PromptDraft[]; skipped: SkippedRow[] } {
	const seen = new Set(library.filter((row) => row.deletedAt === null).map(duplicateKey));
	const inFile = new Set<string>();
	const create: PromptDraft[] = [];
	const skipped = [...parsed.skipped];
	for (const draft of parsed.drafts) {
		const key = duplicateKey(draft);
		if (seen.has(key))
			skipped.push({ line: draft.line, title: draft.title, reason: 'DUPLICATE_IN_LIBRARY' });
		else if (inFile.has(key))
			skipped.push({ line: draft.line, title: draft.title, reason: 'DUPLICATE_IN_FILE' });
		else {
			inFile.add(key);
			create.push(draft);
		}
	}
	skipped.sort((a, b) => a.line - b.line);
	return { create, skipped };
}

/**
 * Imports parsed drafts into the library (one transaction, one `prompt.create` each).
 * @throws {MutationError} or {StorageFullError}; then nothing was imported.
 */
export async function importDrafts(
	db: StudioDB,
	parsed: ParsedImport,
	now: number = Date.now()
): Promise<ImportReport> {
	const { create, skipped } = planImport(parsed, await db.prompts.toArray());
	const prompts: NewPrompt[] = create.map(({ line: _line, ...draft }) => draft);
	const ids = await createPrompts(db, prompts, now);
	return {
		imported: create.map((draft, i) => ({ line: draft.line, title: draft.title, id: ids[i] })),
		skipped
	};
}
