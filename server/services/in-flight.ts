/**
 * Background work the relay owns (generations running after submit answered): started with an
 * abort signal, tracked so shutdown can wait for it and then abort what is left.
 */
export interface InFlight {
	start(key: string, work: (signal: AbortSignal) => Promise<void>): void;
	readonly size: number;
	/** Resolves when the work under `key` ends; undefined when none runs here (a waiter then polls). */
	settled(key: string): Promise<void> | undefined;
	/** Waits up to `graceMs` for running work, then aborts the rest and waits for it to settle. */
	drain(graceMs: number): Promise<void>;
}

export function createInFlight(onUnexpected: (error: unknown) => void): InFlight {
	const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
	return {
		start(key, work) {
			if (running.has(key)) return;
			const controller = new AbortController();
			const done = work(controller.signal)
				.catch(onUnexpected)
				.finally(() => running.delete(key));
			running.set(key, { controller, done });
		},
		get size() {
			return running.size;
		},
		settled(key) {
			return running.get(key)?.done;
		},
		async drain(graceMs) {
			const all = () => Promise.all([...running.values()].map((r) => r.done));
			await Promise.race([all(), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
			for (const r of running.values()) r.controller.abort(new Error('relay shutting down'));
			await all();
		}
	};
}
