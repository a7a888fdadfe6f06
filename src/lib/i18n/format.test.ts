import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../shared/protocol';
import { DICTIONARIES, interpolate, negotiateLocale, translatePlural } from './format';
import { en, type MessageKey } from './messages/en';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
	it('has a non-empty message with the same placeholders in every locale when a key exists in English', () => {
		for (const [locale, dictionary] of Object.entries(DICTIONARIES)) {
			for (const key of Object.keys(en) as MessageKey[]) {
				expect(dictionary[key], `${locale} ${key}`).toBeTruthy();
				expect(placeholders(dictionary[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
			}
		}
	});

	it('has one sentence per error code when the relay can send that code', () => {
		const codes = [...Object.keys(ERROR_CODES), 'NETWORK', 'STORAGE_FULL'];
		for (const dictionary of Object.values(DICTIONARIES)) {
			for (const code of codes)
				expect(dictionary[`error.${code}` as MessageKey], code).toBeTruthy();
		}
	});
});

describe('negotiateLocale', () => {
	it('picks Chinese when any Chinese tag comes first', () => {
		expect(negotiateLocale(['zh-TW', 'en'])).toBe('zh-CN');
		expect(negotiateLocale(['fr', 'zh'])).toBe('zh-CN');
	});

	it('picks English when English comes first or nothing matches', () => {
		expect(negotiateLocale(['en-GB', 'zh-CN'])).toBe('en');
		expect(negotiateLocale(['fr-FR'])).toBe('en');
		expect(negotiateLocale([])).toBe('en');
	});
});

describe('interpolate', () => {
	it('fills known placeholders and keeps unknown ones visible', () => {
		expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
	});
});

describe('translatePlural', () => {
	it('uses the singular form when the count is one in English', () => {
		expect(translatePlural('en', 'header.credits', 1)).toBe('1 credit');
		expect(translatePlural('en', 'header.credits', 20)).toBe('20 credits');
		expect(translatePlural('zh-CN', 'generate.cost', 2)).toBe('费用：2 积分');
	});
});
