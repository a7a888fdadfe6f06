/**
 * The Generate page's one action: turns the form into a `single` job in Dexie and wakes the
 * queue worker, which runs it like any batch (one runner for everything, DESIGN §5). Also
 * starts and stops the worker with the user's database.
 */
import type { StudioDB } from '../db/database';
import { createSingleJob } from '../db/job.repository';
import { recordPromptUse } from '../db/prompt.repository';
import { handleError } from '../errors';
import { queue } from '../queue/queue.svelte';
import { generateRequest } from '../styles/generate-styles.svelte';
import { generateForm } from './generate-form.svelte';
import { session } from './session.svelte';

class GenerationState {
	#db: StudioDB | null = null;
	isSubmitting = $state(false);
	/** The first item of this tab's latest Generate, so the results list can bring it into view. */
	latestItemId = $state<string | null>(null);

	/** Starts the queue for this database (and resumes what a reload interrupted). */
	attach(db: StudioDB): void {
		this.#db = db;
		queue.attach(db);
	}

	/** Stops the queue (sign-out); pending items stay in the database for next time. */
	detach(): void {
		queue.detach();
		this.#db = null;
	}

	/** Queues the form's request `count` times. Returns false when nothing was queued. */
	async generate(): Promise<boolean> {
		const db = this.#db;
		const form = generateForm;
		if (!db || !form.model || this.isSubmitting) return false;
		const credits = session.user?.credits ?? Infinity;
		// Field problems are shown at the field (the form marks them); nothing is sent.
		if (form.seedProblem) return false;
		// Styles wrap the typed prompt (src/lib/styles): the checks apply to what is sent.
		const { prompt, params } = generateRequest();
		const problem = !prompt
			? 'PROMPT_EMPTY'
			: prompt.length > form.maxPromptLength
				? 'PROMPT_TOO_LONG'
				: credits < form.cost
					? 'INSUFFICIENT_CREDITS'
					: null;
		if (problem) {
			handleError(problem, 'generate');
			return false;
		}
		this.isSubmitting = true;
		try {
			const request = {
				model: form.model.id,
				prompt,
				params,
				count: form.count,
				sourceHashes: form.effectiveSourceHashes
			};
			const items = await createSingleJob(db, request);
			this.latestItemId = items[0]?.id ?? null;
			queue.kick();
			// History keeps what was typed (the styles stay picked on the page, not in the text).
			await recordPromptUse(db, {
				text: form.prompt.trim() || prompt,
				model: request.model,
				params: form.params(),
				by: request.count
			});
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
