/**
 * Short messages shown in the toast region: errors (role alert) and notes (role status), as a
 * rune over {@link ToastQueue} (which holds the rules: durations, collapsing repeats, the cap).
 * UI state only; messages arrive translated.
 */
import { ToastQueue, type Toast, type ToastAction, type ToastKind } from './toast-queue';

export { UNDO_MS } from './toast-queue';

class ToastState {
	items = $state<Toast[]>([]);
	#queue = new ToastQueue((items) => (this.items = items));

	/** Shows a message, or counts it on the same one already showing. Returns the toast's id. */
	push(message: string, kind: ToastKind = 'info', action?: ToastAction): number {
		return this.#queue.push(message, kind, action);
	}

	dismiss(id: number): void {
		this.#queue.dismiss(id);
	}

	/** Holds every toast while the person points at or focuses the region. */
	hold(): void {
		this.#queue.hold();
	}

	release(): void {
		this.#queue.release();
	}
}

/** The app's one toast list. */
export const toasts = new ToastState();
