/**
 * Dexie upgrade functions, one per version, each with a dated note. They may only touch
 * local-only structures (SYNC §4.13): synced data is migrated on the relay.
 */
import type { Transaction } from 'dexie';
import type { PromptRow } from '../shared/schemas/rows';
import type { RecentPromptRecord } from './database';

/**
 * v1 → v2 (2026-11-24). Before the library existed, every prompt used on the Generate page was
 * recorded in `prompts` as history (no outbox entry, so never synced). The library makes
 * `prompts` the person's curated, synced collection; those rows are history, so they move to the
 * local-only `recents` table (kept, not lost) and leave `prompts`.
 */
export async function upgradeToV2(tx: Transaction): Promise<void> {
	const old = (await tx.table('prompts').toArray()) as PromptRow[];
	const recents = new Map<string, RecentPromptRecord>();
	for (const row of old) {
		if (row.deletedAt !== null) continue;
		const previous = recents.get(row.text);
		if (previous && previous.usedAt >= row.updatedAt) continue;
		recents.set(row.text, {
			text: row.text,
			model: row.model ?? '',
			params: row.params ?? {},
			usedAt: row.updatedAt,
			uses: row.usageCount
		});
	}
	await tx.table('recents').bulkPut([...recents.values()]);
	await tx.table('prompts').clear();
}
