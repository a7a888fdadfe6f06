/**
 * Style packs for everyone: the admin imports a style file (A1111 CSV, Fooocus JSON, InvokeAI
 * presets — read and checked on their client) as presets in one go. All or nothing: one
 * transaction; a preset whose text and negative prompt already exist (or appear earlier in the
 * pack) is left out and reported, never written twice. The role check is the router's.
 */
import { uuidv7 } from '#shared/ids';
import { MAX_PRESETS, type ImportPresetsResult } from '#shared/schemas/admin';
import type { PresetPrompt } from '#shared/schemas/presets';
import type { Db } from '../db/client';
import { insertPresetsAtEnd, listPresets } from '../db/repositories/presets.repository';
import { appError } from './app-error';

type PresetFields = Pick<
	PresetPrompt,
	'title' | 'text' | 'negativePrompt' | 'category' | 'tags' | 'model'
>;

/** Same preset for de-duplication: texts with case and whitespace folded. */
function presetKey(preset: { text: string; negativePrompt: string }): string {
	const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
	return `${fold(preset.text)}\u0000${fold(preset.negativePrompt)}`;
}

/**
 * Creates the new presets of a pack at the end of the list.
 * @throws BAD_INPUT when the list would pass {@link MAX_PRESETS}; then nothing is written.
 */
export async function importPresets(
	deps: { db: Db; now: () => number },
	presets: readonly PresetFields[]
): Promise<ImportPresetsResult> {
	const now = deps.now();
	return deps.db.transaction(async (tx) => {
		const existing = await listPresets(tx);
		const seen = new Set(existing.map(presetKey));
		const inPack = new Set<string>();
		const rows: { id: string; fields: PresetFields }[] = [];
		const skipped: ImportPresetsResult['skipped'] = [];
		presets.forEach((fields, index) => {
			const key = presetKey(fields);
			if (seen.has(key))
				skipped.push({ index, title: fields.title, reason: 'DUPLICATE_OF_PRESET' });
			else if (inPack.has(key))
				skipped.push({ index, title: fields.title, reason: 'DUPLICATE_IN_FILE' });
			else {
				inPack.add(key);
				rows.push({ id: uuidv7(now), fields: { ...fields, tags: [...new Set(fields.tags)] } });
			}
		});
		if (existing.length + rows.length > MAX_PRESETS) {
			throw appError(
				'BAD_INPUT',
				`There can be at most ${MAX_PRESETS} presets; this pack would make ${existing.length + rows.length}.`
			);
		}
		await insertPresetsAtEnd(tx, { rows, now });
		return { created: rows.length, skipped };
	});
}
