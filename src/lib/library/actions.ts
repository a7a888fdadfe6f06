/**
 * What the library's buttons do: each write is a named mutation (db/mutations), failures go to
 * the person as a toast in their language. Browser only (navigation, downloads, toasts).
 */
import { goto } from '$app/navigation';
import type { StudioDB } from '../db/database';
import { mutate, MutationError, type Mutation } from '../db/mutations/mutate';
import { normalizeTag } from '../shared/mutations/prompt.args';
import { createPrompts, findPromptByText } from '../db/prompt.repository';
import { handleError } from '../errors';
import { t, tPlural } from '../i18n/locale.svelte';
import type { MessageKey } from '../i18n/messages/en';
import type { GenerationParams } from '../shared/schemas/generate';
import type { PresetPrompt } from '../shared/schemas/presets';
import type { PromptRow } from '../shared/schemas/rows';
import { generateForm } from '../state/generate-form.svelte';
import { styleSelection } from '../styles/selection.svelte';
import { toasts } from '../state/toasts.svelte';
import { downloadBytes } from '../utils/download';
import { exportPrompts, titleFromText, type LibraryFormat } from './formats/index';

/** The editable content of a prompt, as the editor holds it. */
export interface PromptContent {
	title: string;
	text: string;
	negativePrompt: string;
	category: string;
	tags: string[];
	favourite: boolean;
	model: string | null;
	params: Partial<GenerationParams> | null;
}

/** Shows a library failure; returns the text shown (or null when ignored). */
export function reportLibraryError(error: unknown): string | null {
	if (error instanceof MutationError) {
		const message = t(`library.error.${error.code}` as MessageKey);
		toasts.push(message, 'error');
		return message;
	}
	return handleError(error, 'library');
}

async function run(db: StudioDB, mutations: Mutation[]): Promise<boolean> {
	try {
		await mutate(db, mutations);
		return true;
	} catch (error) {
		reportLibraryError(error);
		return false;
	}
}

/**
 * Saves the editor's content: a new prompt, or only what changed of an existing one (field
 * patch plus tag add/remove rows), all in one transaction. Returns the id, or null on failure.
 */
export async function savePrompt(
	db: StudioDB,
	content: PromptContent,
	existing?: PromptRow
): Promise<string | null> {
	const title = content.title.trim() || titleFromText(content.text);
	const tags = [...new Set(content.tags.map(normalizeTag).filter(Boolean))];
	try {
		if (!existing) {
			const [id] = await createPrompts(db, [{ ...content, title, tags }]);
			return id;
		}
		const fields = {
			title,
			text: content.text,
			negativePrompt: content.negativePrompt,
			category: content.category,
			favourite: content.favourite,
			model: content.model,
			params: content.params
		};
		const mutations: Mutation[] = [
			{ name: 'prompt.patch', args: { id: existing.id, fields } },
			...tags
				.filter((tag) => !existing.tags.includes(tag))
				.map((tag): Mutation => ({ name: 'tag.add', args: { promptId: existing.id, tag } })),
			...existing.tags
				.filter((tag) => !tags.includes(tag))
				.map((tag): Mutation => ({ name: 'tag.remove', args: { promptId: existing.id, tag } }))
		];
		await mutate(db, mutations);
		return existing.id;
	} catch (error) {
		reportLibraryError(error);
		return null;
	}
}

/** Moves prompts to the trash, with an Undo toast that restores them. */
export async function deletePrompts(db: StudioDB, ids: string[]): Promise<boolean> {
	if (ids.length === 0) return false;
	const done = await run(
		db,
		ids.map((id) => ({ name: 'prompt.delete', args: { id } }))
	);
	if (done) {
		toasts.push(tPlural('library.deleted', ids.length), 'info', {
			label: t('library.undo'),
			run: () => void restorePrompts(db, ids)
		});
	}
	return done;
}

/** Takes prompts out of the trash. */
export function restorePrompts(db: StudioDB, ids: string[]): Promise<boolean> {
	return run(
		db,
		ids.map((id) => ({ name: 'prompt.restore', args: { id } }))
	);
}

/** Empties these prompts out of the trash (their tombstones stay for sync). */
export function discardPrompts(db: StudioDB, ids: string[]): Promise<boolean> {
	return run(
		db,
		ids.map((id) => ({ name: 'prompt.discard', args: { id } }))
	);
}

/** Flips a prompt's favourite mark. */
export function toggleFavourite(db: StudioDB, prompt: PromptRow): Promise<boolean> {
	return run(db, [
		{ name: 'prompt.patch', args: { id: prompt.id, fields: { favourite: !prompt.favourite } } }
	]);
}

/** Adds one tag to many prompts (those that have it already are left alone). */
export function tagPrompts(db: StudioDB, prompts: PromptRow[], tag: string): Promise<boolean> {
	const name = normalizeTag(tag);
	if (!name) return Promise.resolve(false);
	return run(
		db,
		prompts
			.filter((p) => !p.tags.includes(name))
			.map((p) => ({ name: 'tag.add', args: { promptId: p.id, tag: name } }))
	);
}

/** Moves many prompts to one category ('' for none). */
export function moveToCategory(
	db: StudioDB,
	prompts: PromptRow[],
	category: string
): Promise<boolean> {
	const value = category.trim();
	return run(
		db,
		prompts
			.filter((p) => p.category !== value)
			.map((p) => ({ name: 'prompt.patch', args: { id: p.id, fields: { category: value } } }))
	);
}

/** Copies an admin preset into the person's own library (once per text). Returns the id. */
export async function copyPreset(db: StudioDB, preset: PresetPrompt): Promise<string | null> {
	const existing = await findPromptByText(db, preset.text);
	if (existing) {
		toasts.push(t('library.presets.alreadyCopied', { title: existing.title }));
		return existing.id;
	}
	// Only the content: the copy is a new prompt of this user's (own id, own times), not the preset row.
	const { title, text, negativePrompt, category, tags, model } = preset;
	const id = await savePrompt(db, {
		title,
		text,
		negativePrompt,
		category,
		tags,
		model,
		favourite: false,
		params: null
	});
	if (id) toasts.push(t('library.presets.copied', { title: preset.title }));
	return id;
}

/**
 * Fills the Generate page from a prompt (text, negative prompt, model and parameters where the
 * model exists) and goes there. Its usage count rises when it is used to generate.
 */
export async function usePrompt(
	prompt: Pick<PromptContent, 'text' | 'negativePrompt' | 'model' | 'params'>
): Promise<void> {
	fillGenerateForm(prompt);
	await goto('/');
	document.getElementById('gen-prompt')?.focus();
}

/**
 * "Use" on a style (a library prompt or a preset): adds it to the Generate page's style stack,
 * which wraps whatever is typed, instead of replacing the prompt; then goes there.
 */
export async function useStyle(
	style: { id: string; title: string; text: string; negativePrompt: string },
	source: 'prompt' | 'preset'
): Promise<void> {
	const added = styleSelection.add({
		key: `${source}:${style.id}`,
		...(source === 'prompt' ? { promptId: style.id } : { presetId: style.id }),
		name: style.title,
		text: style.text,
		negativePrompt: style.negativePrompt
	});
	toasts.push(t(added ? 'library.style.added' : 'library.style.notAdded', { title: style.title }));
	await goto('/');
	document.getElementById('gen-prompt')?.focus();
}

/** Puts a prompt into the Generate form without navigating. */
export function fillGenerateForm(
	prompt: Pick<PromptContent, 'text' | 'negativePrompt' | 'model' | 'params'>
): void {
	// reuse() takes the negative prompt from the parameters (and clears it when there is none).
	const params = { ...(prompt.params ?? {}), negativePrompt: prompt.negativePrompt || undefined };
	generateForm.reuse({ prompt: prompt.text, model: prompt.model ?? '', params });
}

/** Starts a new batch from prompts on the batch page. */
export function startBatch(ids: string[]): Promise<void> {
	return goto(`/batch?promptIds=${ids.map(encodeURIComponent).join(',')}`);
}

/** Downloads prompts as a file in a format. */
export function downloadPrompts(rows: readonly PromptRow[], format: LibraryFormat): void {
	const file = exportPrompts(rows, format);
	const bytes = new TextEncoder().encode(file.content);
	downloadBytes(bytes.buffer, `${file.mime};charset=utf-8`, file.fileName);
}

/**
 * "Save to library" on the Generate page: the current prompt with its model and parameters.
 * An identical prompt already in the library is not saved twice. Returns the prompt's id.
 */
export async function saveCurrentPrompt(
	db: StudioDB,
	current: {
		text: string;
		negativePrompt: string;
		model: string | null;
		params: Partial<GenerationParams>;
	}
): Promise<string | null> {
	const existing = await findPromptByText(db, current.text);
	if (existing) {
		toasts.push(t('library.save.already', { title: existing.title }));
		return existing.id;
	}
	const id = await savePrompt(db, {
		title: '',
		text: current.text,
		negativePrompt: current.negativePrompt,
		category: '',
		tags: [],
		favourite: false,
		model: current.model,
		params: current.params
	});
	if (id)
		toasts.push(t('library.save.saved'), 'info', {
			label: t('library.save.open'),
			run: () => void goto('/library')
		});
	return id;
}
