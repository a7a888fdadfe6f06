/**
 * Short messages shown in the toast region: errors (role alert) and notes (role status).
 * UI state only; messages are already translated when pushed.
 */

export type ToastKind = 'error' | 'info';

export interface Toast {
	id: number;
	kind: ToastKind;
	message: string;
}

const DURATION_MS: Record<ToastKind, number> = { error: 8_000, info: 4_000 };
const MAX_TOASTS = 4;

class ToastState {
	items = $state<Toast[]>([]);
	#next = 1;

	/** Shows a message; the same text already showing is not repeated. Returns its id. */
	push(message: string, kind: ToastKind = 'info'): number {
		const existing = this.items.find((toast) => toast.message === message);
		if (existing) return existing.id;
		const id = this.#next++;
		this.items = [...this.items, { id, kind, message }].slice(-MAX_TOASTS);
		setTimeout(() => this.dismiss(id), DURATION_MS[kind]);
		return id;
	}

	dismiss(id: number): void {
		this.items = this.items.filter((toast) => toast.id !== id);
	}
}

/** The app's one toast list. */
export const toasts = new ToastState();
