/**
 * The UI language as a rune: chosen once from `navigator.languages`, then the person's choice,
 * kept in localStorage and mirrored to `<html lang>`. `t()` reads it, so templates re-render
 * when it changes.
 */
import {
	isLocale,
	negotiateLocale,
	translate,
	translatePlural,
	type Locale,
	type MessageParams,
	type PluralKey
} from './format';
import type { MessageKey } from './messages/en';

const STORAGE_KEY = 'nbs.locale';

function initialLocale(): Locale {
	if (typeof window === 'undefined') return 'en';
	const saved = localStorage.getItem(STORAGE_KEY);
	return isLocale(saved) ? saved : negotiateLocale(navigator.languages ?? [navigator.language]);
}

class LocaleState {
	current = $state<Locale>(initialLocale());

	constructor() {
		this.#apply();
	}

	/** Switches the UI language and remembers the choice on this device. */
	set(locale: Locale): void {
		this.current = locale;
		localStorage.setItem(STORAGE_KEY, locale);
		this.#apply();
	}

	#apply(): void {
		if (typeof document !== 'undefined') document.documentElement.lang = this.current;
	}
}

/** The app's one locale state. */
export const i18n = new LocaleState();

/** The message for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params?: MessageParams): string {
	return translate(i18n.current, key, params);
}

/** A counted message (`key.one` / `key.other`) in the current language. */
export function tPlural(key: PluralKey, count: number, params?: MessageParams): string {
	return translatePlural(i18n.current, key, count, params);
}

/** A date and time in the current language. */
export function formatDateTime(ms: number): string {
	return new Intl.DateTimeFormat(i18n.current, { dateStyle: 'medium', timeStyle: 'short' }).format(
		ms
	);
}

/** A whole number with the current language's grouping ("1,200"). */
export function formatNumber(value: number): string {
	return new Intl.NumberFormat(i18n.current).format(value);
}

const BYTE_UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

/** A size in bytes as "3.4 MB" (never below kB) in the current language, decimal units like the OS shows. */
export function formatBytes(bytes: number): string {
	let value = Math.max(0, bytes) / 1000;
	let unit = 0;
	while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
		value /= 1000;
		unit += 1;
	}
	const style = {
		style: 'unit',
		unit: BYTE_UNITS[unit],
		unitDisplay: 'short',
		maximumFractionDigits: 1
	} as const;
	return new Intl.NumberFormat(i18n.current, style).format(value);
}
