/**
 * Pure i18n helpers: the supported locales, picking one from the browser's preferences, and
 * filling `{name}` placeholders. No state here (that is locale.svelte.ts).
 */
import { en, type MessageKey } from './messages/en';
import { zhCN } from './messages/zh-CN';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each locale's name in its own language, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** Keys that have `.one` / `.other` forms, without the suffix. */
export type PluralKey = {
	[K in MessageKey]: K extends `${infer Base}.one` ? Base : never;
}[MessageKey];

export type MessageParams = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first supported locale among the browser's preferences (any Chinese → zh-CN), else en. */
export function negotiateLocale(preferences: readonly string[]): Locale {
	for (const tag of preferences) {
		const lower = tag.toLowerCase();
		if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
		if (lower === 'en' || lower.startsWith('en-')) return 'en';
	}
	return 'en';
}

/** Replaces `{name}` with `params.name`; unknown placeholders stay visible so they get noticed. */
export function interpolate(template: string, params: MessageParams = {}): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** The message for a key in a locale (falls back to English). */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
	return interpolate(DICTIONARIES[locale][key] ?? en[key], params);
}

/** The plural form of a `.one`/`.other` message for `count`, with `{count}` filled in. */
export function translatePlural(
	locale: Locale,
	key: PluralKey,
	count: number,
	params: MessageParams = {}
): string {
	const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
	return translate(locale, `${key}.${form}` as MessageKey, {
		...params,
		count: new Intl.NumberFormat(locale).format(count)
	});
}
