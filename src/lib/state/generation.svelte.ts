/**
 * Ties the generation runner to the signed-in session: starts it for the user's database (it
 * resumes pending items after a reload), feeds balance updates to the session and failures to
 * handleError, and turns the Generate form into queued items.
 */
import type { StudioDB } from '../db/database';
import { recordPromptUse } from '../db/prompt.repository';
import { handleError } from '../errors';
import { relay } from '../relay/client';
import { fetchBlob } from '../relay/blobs';
import { GenerationRunner, type GenerationApi } from '../services/generation-runner';
import { connection } from './connection.svelte';
import { generateForm } from './generate-form.svelte';
import { session } from './session.svelte';

const api: GenerationApi = {
	submit: (input) => relay.generate.submit.mutate(input),
	statuses: (ids) => relay.generate.statuses.query({ ids }),
	fetchBlob: (sha256) => fetchBlob(sha256)
};

class GenerationState {
	#runner: GenerationRunner | null = null;
	#db: StudioDB | null = null;
	#offOnline: (() => void) | null = null;
	isSubmitting = $state(false);

	/** Starts working for this database (and resumes what a reload interrupted). */
	attach(db: StudioDB): void {
		this.detach();
		this.#db = db;
		const runner = new GenerationRunner({
			db,
			api,
			isOnline: () => connection.online,
			hooks: {
				onBalance: (credits) => session.setCredits(credits),
				onItemFailed: (code) => handleError(code, 'generation'),
				onSettled: () => void session.refresh().catch((error: unknown) => handleError(error, 'balance')),
				onError: (error) => handleError(error, 'runner')
			}
		});
		this.#runner = runner;
		this.#offOnline = connection.onOnline(() => runner.kick());
		runner.start();
	}

	/** Stops polling (sign-out); pending items stay in the database for next time. */
	detach(): void {
		this.#runner?.stop();
		this.#offOnline?.();
		this.#runner = null;
		this.#db = null;
	}

	/** Queues the form's request `count` times. Returns false when nothing was queued. */
	async generate(): Promise<boolean> {
		const runner = this.#runner;
		const db = this.#db;
		const form = generateForm;
		if (!runner || !db || !form.model || this.isSubmitting) return false;
		const credits = session.user?.credits ?? Infinity;
		const problem = form.isPromptEmpty ? 'PROMPT_EMPTY' : form.isPromptTooLong ? 'PROMPT_TOO_LONG' : credits < form.cost ? 'INSUFFICIENT_CREDITS' : null;
		if (problem) {
			handleError(problem, 'generate');
			return false;
		}
		this.isSubmitting = true;
		try {
			const request = { model: form.model.id, prompt: form.prompt.trim(), params: form.params(), count: form.count, sourceHashes: form.effectiveSourceHashes };
			await runner.enqueue(request);
			await recordPromptUse(db, { text: request.prompt, model: request.model, params: request.params, by: request.count });
			return true;
		} catch (error) {
			handleError(error, 'generate');
			return false;
		} finally {
			this.isSubmitting = false;
		}
	}
}

/** The app's one generation controller. */
export const generation = new GenerationState();
