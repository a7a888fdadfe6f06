/**
 * The tab's view of the queue worker, as runes: whether this tab runs the queue, what the
 * scheduler is doing, and the wake-up call for steering actions. Starts and stops the worker
 * with the user's database; the leader's hooks feed the balance, toasts and notifications.
 */
import type { StudioDB } from '../db/database';
import { handleError } from '../errors';
import { t } from '../i18n/locale.svelte';
import { session } from '../state/session.svelte';
import { toasts } from '../state/toasts.svelte';
import {
	kickQueueWorker,
	setQueueWorkerOnline,
	startQueueWorker,
	terminateQueueWorker
} from '../workers/queue-client';
import type { FinishedJob } from './queue-host';
import type { SchedulerPhase } from './scheduler';

class QueueState {
	/** This tab's worker holds the leader lock and runs the queue. */
	isLeader = $state(false);
	phase = $state<SchedulerPhase>('stopped');
	#attached: string | null = null;
	#offConnection: (() => void) | null = null;

	/** Starts the worker for this database (it resumes what a reload interrupted). */
	attach(db: StudioDB): void {
		if (this.#attached === db.name) return;
		this.detach();
		this.#attached = db.name;
		startQueueWorker(db.name, {
			onLeader: (isLeader) => {
				this.isLeader = isLeader;
			},
			onPhase: (phase) => {
				this.phase = phase;
			},
			onBalance: (credits) => session.setCredits(credits),
			onItemFailed: (kind, code) => {
				if (kind === 'single') handleError(code, 'generation'); // batch errors show on the item
			},
			onSettled: () =>
				void session.refresh().catch((error: unknown) => handleError(error, 'balance')),
			onJobFinished: (job) => notifyFinished(job),
			onJobPaused: (job, code) => {
				if (code === 'INSUFFICIENT_CREDITS')
					toasts.push(t('queue.pausedForCredits', { name: job.name }), 'error');
			},
			onError: (code, detail) => {
				console.error('[queue]', detail);
				handleError(code, 'queue');
			}
		})
			.then(() => setQueueWorkerOnline(navigator.onLine))
			.catch((error: unknown) => handleError(error, 'queue worker'));
		const online = () => setQueueWorkerOnline(true);
		const offline = () => setQueueWorkerOnline(false);
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		this.#offConnection = () => {
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
		};
	}

	/** Stops the worker (sign-out); queued work stays in the database for next time. */
	detach(): void {
		if (!this.#attached) return;
		terminateQueueWorker();
		this.#offConnection?.();
		this.#offConnection = null;
		this.#attached = null;
		this.isLeader = false;
		this.phase = 'stopped';
	}

	/** Wakes the leader after a change to jobs or items. */
	kick(): void {
		kickQueueWorker();
	}
}

/** Asks for notification permission (call from a click: the first batch), once. */
export async function askNotificationPermission(): Promise<void> {
	if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
	await Notification.requestPermission().catch(() => 'denied');
}

function notifyFinished(job: FinishedJob): void {
	if (job.kind === 'single') return;
	toasts.push(t('queue.jobFinished', { name: job.name }), 'info');
	if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
	const title = t('queue.jobFinished', { name: job.name });
	const options = { body: t('app.name'), icon: '/icons/icon-192.png', tag: `job-${job.id}` };
	const show = () => {
		try {
			new Notification(title, options);
		} catch {
			// Phones only allow notifications through the service worker (tried first).
		}
	};
	if (!navigator.serviceWorker) return show();
	navigator.serviceWorker
		.getRegistration()
		.then((registration) => (registration ? registration.showNotification(title, options) : show()))
		.catch(show);
}

/** The app's one queue state. */
export const queue = new QueueState();
