/**
 * Keeps the poke stream open (SYNC §4.6): reconnects with exponential back-off after it drops and
 * hands each poke's seq to the loop. A poke is only a hint; the loop's timers are the backstop.
 */
import { backoffDelay } from '../queue/backoff';
import type { PokeSubscription, SyncTransport } from './transport';
import type { SyncClock } from './sync-loop';

export interface PokeStreamOptions {
	transport: SyncTransport;
	clock: SyncClock;
	random?: () => number;
	onPoke(seq: number): void;
	/** The stream reopened after a drop: pokes may have been missed, so the loop should sync. */
	onOpen?(): void;
}

/** Opens the stream; returns a function that closes it for good. */
export function openPokeStream(options: PokeStreamOptions): () => void {
	const { transport } = options;
	if (!transport.subscribePokes) return () => undefined;
	let closed = false;
	let failures = 0;
	let subscription: PokeSubscription | null = null;
	let cancelTimer: (() => void) | null = null;
	const connect = () => {
		if (closed) return;
		subscription = transport.subscribePokes!({
			onPoke: (poke) => {
				failures = 0;
				options.onPoke(poke.seq);
			},
			onClosed: () => {
				if (closed) return;
				subscription = null;
				failures++;
				cancelTimer = options.clock.setTimer(
					connect,
					backoffDelay(failures, null, options.random ?? Math.random)
				);
			}
		});
		if (failures > 0) options.onOpen?.();
	};
	connect();
	return () => {
		closed = true;
		cancelTimer?.();
		subscription?.close();
	};
}
