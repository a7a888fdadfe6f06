import { describe, expect, it } from 'vitest';
import { checkNumber, checkText, relayFieldError } from './field-check';

describe('checkNumber', () => {
	const seed = { min: 0, max: 4294967295, integer: true };

	it('refuses a negative seed with the allowed range', () => {
		expect(checkNumber(-5, seed)).toEqual({
			key: 'field.range',
			params: { min: 0, max: 4294967295 }
		});
	});

	it('refuses a fraction where a whole number is needed', () => {
		expect(checkNumber(1.5, seed)).toEqual({ key: 'field.wholeNumber' });
		expect(checkNumber('abc', seed)).toEqual({ key: 'field.wholeNumber' });
	});

	it('lets an empty optional field through and stops an empty required one', () => {
		expect(checkNumber(null, seed)).toBeNull();
		expect(checkNumber('  ', seed)).toBeNull();
		expect(checkNumber(null, { ...seed, required: true })).toEqual({ key: 'field.required' });
	});

	it('accepts the bounds themselves and typed strings', () => {
		expect(checkNumber(0, seed)).toBeNull();
		expect(checkNumber('4294967295', seed)).toBeNull();
		expect(checkNumber(4294967296, seed)?.key).toBe('field.range');
	});

	it('names the one bound there is', () => {
		expect(checkNumber(0, { min: 1 })).toEqual({ key: 'field.atLeast', params: { min: 1 } });
		expect(checkNumber(11, { max: 10 })).toEqual({ key: 'field.atMost', params: { max: 10 } });
	});
});

describe('checkText', () => {
	it('refuses blank required text and text over the limit', () => {
		expect(checkText('   ', { required: true })).toEqual({ key: 'field.required' });
		expect(checkText('abcdef', { max: 5 })).toEqual({ key: 'field.tooLong', params: { max: 5 } });
		expect(checkText('abc', { required: true, max: 5 })).toBeNull();
	});
});

describe('relayFieldError', () => {
	it('finds the relay message for the field by any of its wire names', () => {
		const errors = { params: ['Too small: expected number to be >=0'], prompt: [] };
		expect(relayFieldError(errors, ['seed', 'params'])).toBe(
			'Too small: expected number to be >=0'
		);
		expect(relayFieldError(errors, ['prompt'])).toBeNull();
		expect(relayFieldError(null, ['prompt'])).toBeNull();
	});
});
