/**
 * handleError(): the client's one error funnel (STYLE B.8). Drops aborts, logs, maps the error to
 * one of our codes, shows a toast in the person's language and returns the text shown.
 */
import { isIgnorableError, isStorageFull } from './error-kinds';
import { t } from './i18n/locale.svelte';
import type { MessageKey } from './i18n/messages/en';
import { relayFailureOf, type RelayErrorCode } from './relay/errors';
import { isErrorCode } from './shared/protocol';
import { notices } from './state/notices.svelte';
import { toasts } from './state/toasts.svelte';

/** Every code the app can show a sentence for. */
export type AppErrorCode = RelayErrorCode | 'STORAGE_FULL';

let unauthenticatedListener: (() => void) | null = null;

/** Registers what to do when the relay says the session is gone (the layout sends to /login). */
export function onUnauthenticated(listener: () => void): void {
	unauthenticatedListener = listener;
}

/** The code for anything thrown in the app, or a code given directly. */
export function appErrorCodeOf(error: unknown): AppErrorCode {
	// A quota error that escaped guardStorage (a raw QuotaExceededError, or Dexie's wrapped form) is still storage-full.
	if (isStorageFull(error)) return 'STORAGE_FULL';
	if (isErrorCode(error) || error === 'NETWORK') return error;
	return relayFailureOf(error).code;
}

/** The person's-language sentence for a code. */
export function errorMessage(code: AppErrorCode): string {
	return t(`error.${code}` as MessageKey);
}

/**
 * Reports a failure to the person. Returns the message shown, or null when it was ignored.
 * @param error anything thrown, or one of our codes.
 * @param context a short note for the log (never shown).
 * @param options.toast false when the caller shows the message inline instead.
 */
export function handleError(
	error: unknown,
	context = 'error',
	options: { toast?: boolean } = {}
): string | null {
	if (isIgnorableError(error)) return null;
	const code = appErrorCodeOf(error);
	if (typeof error !== 'string') console.error(`[${context}]`, code, error);
	if (code === 'STORAGE_FULL') notices.storageFull = true;
	if (code === 'UNAUTHENTICATED') unauthenticatedListener?.();
	const message = errorMessage(code);
	if (options.toast !== false) toasts.push(message, 'error');
	return message;
}
