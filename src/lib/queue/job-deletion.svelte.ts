/**
 * "Delete job" with Undo. There is no job restore on the relay, so the delete is held back: the
 * job is hidden at once and deleted (synced) only when the Undo toast has gone unpressed. A tab
 * closed in between keeps the job, which is the safe side. UI state plus that one deferred call.
 */
import type { StudioDB } from '../db/database';
import { deleteJob } from '../db/job.repository.steering';
import { handleError } from '../errors';
import { t } from '../i18n/locale.svelte';
import { toasts, UNDO_MS } from '../state/toasts.svelte';

class JobDeletion {
	/** Jobs deleted here whose Undo is still on offer: lists leave them out. */
	hidden = $state<ReadonlySet<string>>(new Set());

	/** Hides the job, offers Undo, and deletes it for real once the offer has passed. */
	request(db: StudioDB, job: { id: string; name: string }): void {
		this.hidden = new Set([...this.hidden, job.id]);
		let isUndone = false;
		const timer = setTimeout(() => {
			if (isUndone) return;
			deleteJob(db, job.id)
				.catch((error: unknown) => handleError(error, 'delete job'))
				.finally(() => this.#show(job.id));
		}, UNDO_MS);
		toasts.push(t('queue.job.deleted', { name: job.name }), 'info', {
			label: t('queue.job.undo'),
			run: () => {
				isUndone = true;
				clearTimeout(timer);
				this.#show(job.id);
			}
		});
	}

	#show(jobId: string): void {
		this.hidden = new Set([...this.hidden].filter((id) => id !== jobId));
	}
}

/** The app's one pending-deletion list (outlives page changes, so the delete still happens). */
export const jobDeletion = new JobDeletion();
