/**
 * Names of the person's API keys by id, for the receipt of an image made through the /v1 API.
 * Asked of the relay once per page load, when a receipt first needs one; offline the receipt
 * shows the key's id instead.
 */
import { relay } from '$lib/relay/client';

let names = $state<Map<string, string> | null>(null);
let asked = false;

/** A lookup made once and replaced whole, never changed in place. */
function namesById(keys: readonly { id: string; name: string }[]): Map<string, string> {
	return new Map(keys.map((key) => [key.id, key.name]));
}

/** The key's name once known; null while loading, offline, or for a key that no longer exists. */
export function apiKeyName(id: string): string | null {
	if (!names && !asked) {
		asked = true;
		relay.apiKeys.list
			.query()
			.then((keys) => (names = namesById(keys)))
			.catch(() => (asked = false)); // try again on the next receipt (back online)
	}
	return names?.get(id) ?? null;
}
