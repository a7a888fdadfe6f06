/** admin.presets.*: create, edit, delete, reorder and import (style packs) the preset prompts every user sees. */
import { uuidv7 } from '#shared/ids';
import {
	IdInputSchema,
	PresetFieldsSchema,
	ImportPresetsInputSchema,
	ReorderPresetsInputSchema,
	UpdatePresetInputSchema
} from '#shared/schemas/admin';
import { adminProcedure, router } from '../init';
import {
	deletePreset,
	insertPreset,
	listPresets,
	reorderPresets,
	updatePreset
} from '../../db/repositories/presets.repository';
import { relayError } from '../errors';
import { importPresets } from '../../services/preset-import.service';

export const adminPresetsRouter = router({
	create: adminProcedure.input(PresetFieldsSchema).mutation(({ ctx, input }) => {
		const now = ctx.deps.now();
		return insertPreset(ctx.deps.db, { id: uuidv7(now), fields: input, now });
	}),
	update: adminProcedure.input(UpdatePresetInputSchema).mutation(async ({ ctx, input }) => {
		const { id, ...fields } = input;
		const preset = await updatePreset(ctx.deps.db, { id, fields, now: ctx.deps.now() });
		if (!preset) throw relayError('NOT_FOUND', 'No such preset.');
		return preset;
	}),
	delete: adminProcedure.input(IdInputSchema).mutation(async ({ ctx, input }) => {
		if (!(await deletePreset(ctx.deps.db, input.id)))
			throw relayError('NOT_FOUND', 'No such preset.');
		return { ok: true as const };
	}),
	/** Adds a style pack (many presets) at the end in one transaction; duplicates are reported, not written. */
	import: adminProcedure
		.input(ImportPresetsInputSchema)
		.mutation(({ ctx, input }) => importPresets(ctx.deps, input.presets)),
	/** Puts the presets in the order of `ids`; answers the new list. */
	reorder: adminProcedure.input(ReorderPresetsInputSchema).mutation(async ({ ctx, input }) => {
		await reorderPresets(ctx.deps.db, input.ids, ctx.deps.now());
		return listPresets(ctx.deps.db);
	})
});
