/** Preset prompts, in display order. */
import { asc } from 'drizzle-orm';
import type { PresetPrompt } from '#shared/schemas/presets';
import type { Db } from '../client';
import { presetPrompts } from '../schema/index';

export async function listPresets(db: Db): Promise<PresetPrompt[]> {
	const rows = await db.select().from(presetPrompts).orderBy(asc(presetPrompts.position), asc(presetPrompts.createdAt));
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		text: r.text,
		negativePrompt: r.negativePrompt,
		category: r.category,
		tags: r.tags,
		model: r.model,
		position: r.position,
		updatedAt: r.updatedAt
	}));
}
