import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandTemplate, expansionSize, templateVariables, valuesFromLines } from './template';

describe('template expansion', () => {
	it('lists each variable once, in order of first use, in any script', () => {
		expect(templateVariables('a {animal} in {place}, {animal} again, {风格}')).toEqual([
			'animal',
			'place',
			'风格'
		]);
	});

	it('makes every combination with the first variable changing slowest', () => {
		const result = expandTemplate(
			'{a} {b}',
			{ a: ['cat', 'dog'], b: ['red', 'blue', 'green'] },
			'all'
		);
		expect(result).toEqual({
			ok: true,
			prompts: ['cat red', 'cat blue', 'cat green', 'dog red', 'dog blue', 'dog green']
		});
	});

	it('pairs values line by line in zip mode', () => {
		expect(expandTemplate('{a} on {b}', { a: ['cat', 'dog'], b: ['sofa', 'rug'] }, 'zip')).toEqual({
			ok: true,
			prompts: ['cat on sofa', 'dog on rug']
		});
	});

	it('says which lists differ in length when zipping', () => {
		expect(expandTemplate('{a} {b}', { a: ['1', '2'], b: ['x'] }, 'zip')).toEqual({
			ok: false,
			problem: { kind: 'ZIP_LENGTHS', lengths: { a: 2, b: 1 } }
		});
	});

	it('names the variable that has no values, and refuses a template without variables', () => {
		expect(expandTemplate('{a} {b}', { a: ['1'] }, 'all')).toEqual({
			ok: false,
			problem: { kind: 'MISSING_VALUES', variable: 'b' }
		});
		expect(expandTemplate('plain', {}, 'all')).toEqual({
			ok: false,
			problem: { kind: 'NO_VARIABLES' }
		});
	});

	it('refuses expansions past the limit before making them', () => {
		const many = Array.from({ length: 200 }, (_, i) => String(i));
		expect(expandTemplate('{a}{b}', { a: many, b: many }, 'all')).toEqual({
			ok: false,
			problem: { kind: 'TOO_MANY', count: 40_000 }
		});
	});

	it('reads values one per line, trimmed, without blank lines', () => {
		expect(valuesFromLines(' red \r\n\nblue\n  \n')).toEqual(['red', 'blue']);
	});

	it('makes exactly as many prompts as expansionSize says, with no braces left', () => {
		fc.assert(
			fc.property(
				fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 4 }),
				fc.integer({ min: 1, max: 4 }),
				(rawNames, width) => {
					const names = [...new Set(rawNames)];
					const values = Object.fromEntries(
						names.map((name, i) => [
							name,
							Array.from({ length: width + (i % 2) }, (_, j) => `v${j}`)
						])
					);
					const template = names.map((name) => `{${name}}`).join(' ');
					const result = expandTemplate(template, values, 'all');
					expect(result.ok).toBe(true);
					if (result.ok) {
						expect(result.prompts).toHaveLength(expansionSize(names, values, 'all'));
						expect(result.prompts.every((prompt) => !prompt.includes('{'))).toBe(true);
					}
				}
			)
		);
	});
});

describe('template and styles', () => {
	it('never treats the style placeholder {prompt} as a variable, in any case', () => {
		expect(templateVariables('stunning {prompt} of a {animal}, {PROMPT}')).toEqual(['animal']);
	});

	it('refuses a template holding {prompt} with its own problem, instead of asking for values', () => {
		expect(
			expandTemplate(
				'stunning {prompt} . award-winning, {animal}',
				{ animal: ['cat'], prompt: ['x'] },
				'all'
			)
		).toEqual({ ok: false, problem: { kind: 'STYLE_PLACEHOLDER' } });
	});
});
