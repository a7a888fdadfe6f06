/**
 * The main thread's handle on the queue worker: created on first use, wrapped with comlink,
 * terminated on sign-out. Progress never crosses this boundary: the UI reads Dexie.
 */
import * as Comlink from 'comlink';
import type { QueueHost, QueueHostHooks } from '../queue/queue-host';

let worker: Worker | null = null;
let remote: Comlink.Remote<QueueHost> | null = null;

function ensureWorker(): Comlink.Remote<QueueHost> {
	if (remote) return remote;
	worker = new Worker(new URL('./queue.worker.ts', import.meta.url), {
		type: 'module',
		name: 'queue'
	});
	worker.addEventListener('error', (event) => console.error('[queue worker]', event.message));
	remote = Comlink.wrap<QueueHost>(worker);
	watchVisibility();
	return remote;
}

/** Starts the worker for a user's database; the hooks fire in this tab while it leads. */
export function startQueueWorker(dbName: string, hooks: QueueHostHooks): Promise<void> {
	return ensureWorker().start(dbName, Comlink.proxy(hooks));
}

/** Wakes the queue (in whichever tab leads). */
export function kickQueueWorker(): void {
	void remote?.kick();
}

/** Tells the worker whether the tab is online (coming online also syncs). */
export function setQueueWorkerOnline(online: boolean): void {
	void remote?.setOnline(online);
}

/** Asks the leader to sync now (SYNC §4.6 backstops: the tab became visible or got focus). */
export function syncQueueWorkerNow(): void {
	void remote?.syncNow();
}

let visibilityWatched = false;
/** A tab coming back to the front syncs at once instead of waiting for a poke or the 60 s timer. */
function watchVisibility(): void {
	if (visibilityWatched || typeof document === 'undefined') return;
	visibilityWatched = true;
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible') syncQueueWorkerNow();
	});
	window.addEventListener('focus', syncQueueWorkerNow);
}

/** Stops the worker (sign-out): the lock is released so another tab may lead. */
export function terminateQueueWorker(): void {
	worker?.terminate();
	worker = null;
	remote = null;
}
