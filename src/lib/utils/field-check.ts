/**
 * Checks one form field before anything is sent, returning the problem as a message key and its
 * parameters (the component translates it), or null when the value is fine. Pure: no DOM, no i18n.
 */

/** A field's problem: which message to show and what to fill in. */
export interface FieldProblem {
	key:
		| 'field.required'
		| 'field.wholeNumber'
		| 'field.range'
		| 'field.atLeast'
		| 'field.atMost'
		| 'field.tooLong'
		| 'field.invalid'
		| 'field.codeFormat';
	params?: Record<string, string | number>;
}

/** Rules for a number field; `required: false` lets an empty field through. */
export interface NumberRules {
	min?: number;
	max?: number;
	integer?: boolean;
	required?: boolean;
}

/**
 * A number field's problem. `value` is what the input holds: a number, null/undefined/'' when
 * empty (Svelte binds an empty or unparseable `type=number` input to null), or a string typed.
 */
export function checkNumber(
	value: number | string | null | undefined,
	rules: NumberRules
): FieldProblem | null {
	const isEmpty =
		value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
	if (isEmpty) return rules.required ? { key: 'field.required' } : null;
	const number = typeof value === 'number' ? value : Number(value.trim());
	if (!Number.isFinite(number))
		return { key: rules.integer ? 'field.wholeNumber' : 'field.invalid' };
	if (rules.integer && !Number.isInteger(number)) return { key: 'field.wholeNumber' };
	const { min, max } = rules;
	if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
		if (min !== undefined && max !== undefined) return { key: 'field.range', params: { min, max } };
		return min !== undefined
			? { key: 'field.atLeast', params: { min } }
			: { key: 'field.atMost', params: { max: max as number } };
	}
	return null;
}

/** A text field's problem: empty when required, or longer than `max` characters. */
export function checkText(
	value: string,
	rules: { required?: boolean; max?: number }
): FieldProblem | null {
	if (rules.required && value.trim() === '') return { key: 'field.required' };
	if (rules.max !== undefined && value.length > rules.max)
		return { key: 'field.tooLong', params: { max: rules.max } };
	return null;
}

/**
 * The relay's message for one field of a refused request (zod issues flattened by field name),
 * or null. `names` lists the wire names that belong to this form field (e.g. `['seed', 'params']`).
 */
export function relayFieldError(
	fieldErrors: Record<string, string[] | undefined> | null,
	names: string[]
): string | null {
	if (!fieldErrors) return null;
	for (const name of names) {
		const messages = fieldErrors[name];
		if (messages && messages.length > 0) return messages[0];
	}
	return null;
}
