/**
 * The toast list's rules, without Svelte (toasts.svelte.ts wraps it in a rune). Every
 * toast leaves by itself (errors stay longer than notes, one with an action longer still); the
 * same message again is counted on the toast already showing, not stacked; at most
 * {@link MAX_TOASTS} show, the oldest giving way. Pure apart from timers.
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
	/** How many times this message arrived while showing (1 = once). */
	count: number;
}

/** How long a toast shows, by kind. */
export const DURATION_MS: Record<ToastKind, number> = { error: 10_000, info: 5_000 };
/** How long an action (e.g. Undo) is on offer. */
export const UNDO_MS = 10_000;
export const MAX_TOASTS = 3;

export class ToastQueue {
	items: Toast[] = [];
	#next = 1;
	#timers = new Map<number, ReturnType<typeof setTimeout>>();

	readonly #onChange: (items: Toast[]) => void;

	/** @param onChange called with the new list after every change. */
	constructor(onChange: (items: Toast[]) => void = () => undefined) {
		this.#onChange = onChange;
	}

	/** Shows a message, or counts it on the same one already showing. Returns the toast's id. */
	push(message: string, kind: ToastKind = 'info', action?: ToastAction): number {
		const existing = action
			? undefined
			: this.items.find(
					(toast) => toast.message === message && toast.kind === kind && !toast.action
				);
		if (existing) {
			this.#set(
				this.items.map((toast) =>
					toast.id === existing.id ? { ...toast, count: toast.count + 1 } : toast
				)
			);
			this.#schedule(existing.id, DURATION_MS[kind]);
			return existing.id;
		}
		const id = this.#next++;
		const kept = [...this.items, { id, kind, message, action, count: 1 }];
		for (const dropped of kept.slice(0, -MAX_TOASTS)) this.#clear(dropped.id);
		this.#set(kept.slice(-MAX_TOASTS));
		this.#schedule(id, action ? UNDO_MS : DURATION_MS[kind]);
		return id;
	}

	dismiss(id: number): void {
		this.#clear(id);
		this.#set(this.items.filter((toast) => toast.id !== id));
	}

	/** Holds every toast while the person points at or focuses the region (time to read). */
	hold(): void {
		for (const id of this.#timers.keys()) this.#clear(id);
	}

	/** Restarts the clocks after {@link hold}. */
	release(): void {
		for (const toast of this.items)
			if (!this.#timers.has(toast.id))
				this.#schedule(toast.id, toast.action ? UNDO_MS : DURATION_MS[toast.kind]);
	}

	#set(items: Toast[]): void {
		this.items = items;
		this.#onChange(items);
	}

	#schedule(id: number, ms: number): void {
		this.#clear(id);
		this.#timers.set(
			id,
			setTimeout(() => this.dismiss(id), ms)
		);
	}

	#clear(id: number): void {
		const timer = this.#timers.get(id);
		if (timer !== undefined) clearTimeout(timer);
		this.#timers.delete(id);
	}
}
