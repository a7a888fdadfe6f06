/**
 * A small concurrency limiter: at most `concurrency` tasks run at once, up to `maxQueue` wait,
 * and beyond that `run` throws {@link LimiterFullError} at once (the caller answers 503).
 */
export class LimiterFullError extends Error {
	constructor() {
		super('Too many tasks waiting');
	}
}

export interface Limiter {
	run<T>(task: () => Promise<T>): Promise<T>;
	readonly active: number;
	readonly waiting: number;
}

export function createLimiter(concurrency: number, maxQueue: number): Limiter {
	let active = 0;
	const queue: Array<() => void> = [];
	return {
		get active() {
			return active;
		},
		get waiting() {
			return queue.length;
		},
		async run(task) {
			if (active >= concurrency) {
				if (queue.length >= maxQueue) throw new LimiterFullError();
				// The finishing task hands its slot over, so `active` is not decremented in between.
				await new Promise<void>((resolve) => queue.push(resolve));
			} else {
				active++;
			}
			try {
				return await task();
			} finally {
				const next = queue.shift();
				if (next) next();
				else active--;
			}
		}
	};
}
