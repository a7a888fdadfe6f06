/**
 * Whether the browser thinks it is online, as a rune, plus listeners for going back online.
 * `navigator.onLine` can say online while the relay is unreachable; callers still handle NETWORK.
 */

class ConnectionState {
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	#listeners = new Set<() => void>();

	constructor() {
		if (typeof window === 'undefined') return;
		window.addEventListener('online', () => {
			this.online = true;
			for (const listener of this.#listeners) listener();
		});
		window.addEventListener('offline', () => {
			this.online = false;
		});
	}

	/** Calls `listener` each time the browser comes back online; returns an unsubscribe function. */
	onOnline(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
}

/** The app's one connection state. */
export const connection = new ConnectionState();
