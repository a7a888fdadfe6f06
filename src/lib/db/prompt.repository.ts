/**
 * The prompt library on this device: reads of `prompts` (synced, written only through
 * mutations/) and the local-only history of prompts used on the Generate page (`recents`).
 */
import { uuidv7 } from '../shared/ids';
import type { GenerationParams } from '../shared/schemas/generate';
import type { PromptRow } from '../shared/schemas/rows';
import type { RecentPromptRecord, StudioDB } from './database';
import { watchTableChanges } from './changes';
import { live, type LiveResult } from './live';
import { mutate, mutateOne, type Mutation } from './mutations/mutate';
import type { PromptCreateArgs } from '../shared/mutations/prompt.args';
import { guardStorage } from './storage-errors';

/** What was used: the prompt text with the model and parameters it ran with. */
export interface PromptUse {
	text: string;
	model: string;
	params: Partial<GenerationParams>;
	/** How many times to count this use (images requested). */
	by?: number;
	/** The library prompt it came from, when the person picked one. */
	promptId?: string | null;
}

/** An update of the whole prompt set: everything, or only what changed. */
export type PromptsUpdate =
	{ kind: 'all'; rows: PromptRow[] } | { kind: 'changed'; rows: PromptRow[]; removedIds: string[] };

/**
 * Every prompt row (trash included) and then its changes: one full read, then only the rows a
 * write touched (re-read by key), so a 10k library does not re-read the table per edit.
 * Updates arrive in order. Returns the unsubscribe.
 */
export function watchPrompts(
	db: StudioDB,
	onUpdate: (update: PromptsUpdate) => void,
	onError: (error: unknown) => void
): () => void {
	let stopped = false;
	let queue: Promise<void> = Promise.resolve();
	const enqueue = (work: () => Promise<PromptsUpdate>) => {
		queue = queue
			.then(work)
			.then((update) => {
				if (!stopped) onUpdate(update);
			})
			.catch((error: unknown) => {
				if (!stopped) onError(error);
			});
	};
	const readAll = async (): Promise<PromptsUpdate> => ({
		kind: 'all',
		rows: await db.prompts.toArray()
	});
	const unsubscribe = watchTableChanges(db, 'prompts', (change) => {
		if (change.kind === 'all') return enqueue(readAll);
		enqueue(async () => {
			const rows = await db.prompts.bulkGet(change.keys);
			return {
				kind: 'changed',
				rows: rows.filter((row): row is PromptRow => row !== undefined),
				removedIds: change.keys.filter((_, i) => rows[i] === undefined)
			};
		});
	});
	enqueue(readAll);
	return () => {
		stopped = true;
		unsubscribe();
	};
}

/** The newest library prompt (not in the trash) whose text is exactly `text` (trimmed). */
export async function findPromptByText(db: StudioDB, text: string): Promise<PromptRow | undefined> {
	const wanted = text.trim();
	const matches = await db.prompts
		.filter((p) => p.deletedAt === null && p.text === wanted)
		.toArray();
	return matches.sort((a, b) => b.updatedAt - a.updatedAt)[0];
}

/**
 * Records a use of a prompt on the Generate page: remembers it in the local history and, when it
 * is a library prompt (the one picked, or one with exactly this text), bumps its usage count
 * through `prompt.bumpUsage`. Returns the library prompt's id, or null.
 * @throws {StorageFullError} when the device is out of space.
 */
export async function recordPromptUse(
	db: StudioDB,
	use: PromptUse,
	now: number = Date.now()
): Promise<string | null> {
	const text = use.text.trim();
	const by = use.by ?? 1;
	await guardStorage(() =>
		db.transaction('rw', db.recents, async () => {
			const previous = await db.recents.get(text);
			await db.recents.put({
				text,
				model: use.model,
				params: use.params,
				usedAt: now,
				uses: (previous?.uses ?? 0) + by
			});
		})
	);
	const picked = use.promptId ? await db.prompts.get(use.promptId) : undefined;
	const prompt =
		picked && picked.deletedAt === null && picked.text === text
			? picked
			: await findPromptByText(db, text);
	if (!prompt) return null;
	await mutateOne(db, 'prompt.bumpUsage', { id: prompt.id, by }, now);
	return prompt.id;
}

/** Prompts recently used on the Generate page, newest first. */
export function listRecentPrompts(db: StudioDB, limit = 8): Promise<RecentPromptRecord[]> {
	return db.recents.orderBy('usedAt').reverse().limit(limit).toArray();
}

/** {@link listRecentPrompts} as a live query. */
export function watchRecentPrompts(db: StudioDB, limit = 8): LiveResult<RecentPromptRecord[]> {
	return live(() => listRecentPrompts(db, limit));
}

/** A new prompt's fields; the id is made here unless given. */
export type NewPrompt = Omit<PromptCreateArgs, 'id'> & { id?: string };

/**
 * Creates prompts (one transaction, one `prompt.create` each). Returns their ids in order.
 * @throws {MutationError} for invalid fields (nothing is written).
 */
export async function createPrompts(
	db: StudioDB,
	prompts: NewPrompt[],
	now: number = Date.now()
): Promise<string[]> {
	const withIds = prompts.map((prompt) => ({ ...prompt, id: prompt.id ?? uuidv7(now) }));
	const mutations: Mutation[] = withIds.map((args) => ({ name: 'prompt.create', args }));
	await mutate(db, mutations, now);
	return withIds.map((prompt) => prompt.id);
}
