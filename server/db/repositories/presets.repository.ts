/** Preset prompts, in display order; admins create, edit, delete and reorder them. */
import { asc, eq, sql } from 'drizzle-orm';
import type { PresetPrompt } from '#shared/schemas/presets';
import type { Db } from '../client';
import { presetPrompts } from '../schema/index';

type PresetFields = Pick<
	PresetPrompt,
	'title' | 'text' | 'negativePrompt' | 'category' | 'tags' | 'model'
>;

function toPreset(r: typeof presetPrompts.$inferSelect): PresetPrompt {
	return {
		id: r.id,
		title: r.title,
		text: r.text,
		negativePrompt: r.negativePrompt,
		category: r.category,
		tags: r.tags,
		model: r.model,
		position: r.position,
		updatedAt: r.updatedAt
	};
}

export async function listPresets(db: Db): Promise<PresetPrompt[]> {
	const rows = await db
		.select()
		.from(presetPrompts)
		.orderBy(asc(presetPrompts.position), asc(presetPrompts.createdAt));
	return rows.map(toPreset);
}

/** Adds a preset at the end of the list. */
export async function insertPreset(
	db: Db,
	input: { id: string; fields: PresetFields; now: number }
): Promise<PresetPrompt> {
	const [row] = await db
		.insert(presetPrompts)
		.values({
			id: input.id,
			...input.fields,
			position: sql`(select coalesce(max(${presetPrompts.position}), -1) + 1 from ${presetPrompts})`,
			createdAt: input.now,
			updatedAt: input.now
		})
		.returning();
	return toPreset(row);
}

/** Adds presets after the last one, in the given order (one statement). */
export async function insertPresetsAtEnd(
	db: Db,
	input: { rows: { id: string; fields: PresetFields }[]; now: number }
): Promise<void> {
	if (input.rows.length === 0) return;
	const [{ last }] = await db
		.select({ last: sql<number>`coalesce(max(${presetPrompts.position}), -1)` })
		.from(presetPrompts);
	await db.insert(presetPrompts).values(
		input.rows.map((row, i) => ({
			id: row.id,
			...row.fields,
			position: Number(last) + 1 + i,
			createdAt: input.now,
			updatedAt: input.now
		}))
	);
}

/** Changes the given fields; undefined for an unknown id. */
export async function updatePreset(
	db: Db,
	input: { id: string; fields: Partial<PresetFields>; now: number }
): Promise<PresetPrompt | undefined> {
	const [row] = await db
		.update(presetPrompts)
		.set({ ...input.fields, updatedAt: input.now })
		.where(eq(presetPrompts.id, input.id))
		.returning();
	return row ? toPreset(row) : undefined;
}

export async function deletePreset(db: Db, id: string): Promise<boolean> {
	const rows = await db
		.delete(presetPrompts)
		.where(eq(presetPrompts.id, id))
		.returning({ id: presetPrompts.id });
	return rows.length === 1;
}

/** Sets positions to the order of `ids` (ids not listed keep theirs, after the listed ones). */
export async function reorderPresets(db: Db, ids: string[], now: number): Promise<void> {
	await db.transaction(async (tx) => {
		await tx
			.update(presetPrompts)
			.set({ position: sql`${presetPrompts.position} + ${ids.length}` });
		for (const [position, id] of ids.entries()) {
			await tx
				.update(presetPrompts)
				.set({ position, updatedAt: now })
				.where(eq(presetPrompts.id, id));
		}
	});
}
