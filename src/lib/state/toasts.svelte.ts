/**
 * Short messages shown in the toast region: errors (role alert) and notes (role status).
 * UI state only; messages are already translated when pushed.
 */

export type ToastKind = 'error' | 'info';

/** A button in a toast, e.g. "Undo"; pressing it runs `run` and dismisses the toast. */
export interface ToastAction {
	label: string;
	run: () => void;
}

export interface Toast {
	id: number;
	kind: ToastKind;
	message: string;
	action?: ToastAction;
}

const DURATION_MS: Record<ToastKind, number> = { error: 8_000, info: 4_000 };
const MAX_TOASTS = 4;

class ToastState {
	items = $state<Toast[]>([]);
	#next = 1;

	/** Shows a message; the same text already showing is not repeated. Returns its id. */
	push(message: string, kind: ToastKind = 'info', action?: ToastAction): number {
		const existing = this.items.find((toast) => toast.message === message && !toast.action);
		if (existing && !action) return existing.id;
		const id = this.#next++;
		this.items = [...this.items, { id, kind, message, action }].slice(-MAX_TOASTS);
		// A toast with an action stays longer, so there is time to press it.
		setTimeout(() => this.dismiss(id), DURATION_MS[kind] * (action ? 2 : 1));
		return id;
	}

	dismiss(id: number): void {
		this.items = this.items.filter((toast) => toast.id !== id);
	}
}

/** The app's one toast list. */
export const toasts = new ToastState();
