/** Preset prompts: curated by an admin, read-only for every user (they copy them into their library). */
import { z } from 'zod';

export const PresetPromptSchema = z.object({
	id: z.string(),
	title: z.string().min(1).max(200),
	text: z.string().min(1).max(32000),
	negativePrompt: z.string().max(4000).default(''),
	category: z.string().max(100).default(''),
	tags: z.array(z.string().min(1).max(60)).max(50).default([]),
	model: z.string().nullable().default(null),
	position: z.number().int().default(0),
	updatedAt: z.number()
});
export type PresetPrompt = z.infer<typeof PresetPromptSchema>;
