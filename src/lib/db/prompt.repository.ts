/**
 * The prompt library, minimal for now: remember prompts as they are used and list the recent
 * ones. Titles, tags, search and sync (outbox entries) come with the library feature.
 */
import { uuidv7 } from '../shared/ids';
import type { GenerationParams } from '../shared/schemas/generate';
import type { PromptRow } from '../shared/schemas/rows';
import type { StudioDB } from './database';
import { live, type LiveResult } from './live';
import { guardStorage } from './storage-errors';

const TITLE_LENGTH = 60;

/** What was used: the prompt text with the model and parameters it ran with. */
export interface PromptUse {
	text: string;
	model: string;
	params: Partial<GenerationParams>;
	/** How many times to count this use (images requested). */
	by?: number;
}

/**
 * Records a use of a prompt: bumps the existing row with the same text or creates one.
 * Returns the prompt's id.
 * @throws {StorageFullError} when the device is out of space.
 */
export function recordPromptUse(db: StudioDB, use: PromptUse, now: number = Date.now()): Promise<string> {
	const text = use.text.trim();
	return guardStorage(() =>
		db.transaction('rw', db.prompts, async () => {
			const existing = await db.prompts.filter((p) => p.deletedAt === null && p.text === text).first();
			if (existing) {
				const usageCount = existing.usageCount + (use.by ?? 1);
				await db.prompts.update(existing.id, { usageCount, model: use.model, params: use.params, updatedAt: now });
				return existing.id;
			}
			const row: PromptRow = {
				id: uuidv7(now),
				title: text.slice(0, TITLE_LENGTH),
				text,
				negativePrompt: '',
				category: '',
				tags: [],
				favourite: false,
				usageCount: use.by ?? 1,
				model: use.model,
				params: use.params,
				createdAt: now,
				updatedAt: now,
				deletedAt: null
			};
			await db.prompts.add(row);
			return row.id;
		})
	);
}

/** Prompts not deleted, most recently used first. */
export function listRecentPrompts(db: StudioDB, limit = 8): Promise<PromptRow[]> {
	return db.prompts
		.orderBy('updatedAt')
		.reverse()
		.filter((p) => p.deletedAt === null)
		.limit(limit)
		.toArray();
}

/** {@link listRecentPrompts} as a live query. */
export function watchRecentPrompts(db: StudioDB, limit = 8): LiveResult<PromptRow[]> {
	return live(() => listRecentPrompts(db, limit));
}
