/** Preset prompts for every signed-in user (read-only; admins edit them through the admin router). */
import type { PresetPrompt } from '#shared/schemas/presets';
import { authedProcedure, router } from '../init';
import { listPresets } from '../../db/repositories/presets.repository';

export const presetsRouter = router({
	list: authedProcedure.query(({ ctx }): Promise<PresetPrompt[]> => listPresets(ctx.deps.db))
});
