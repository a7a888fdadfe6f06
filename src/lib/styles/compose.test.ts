import { describe, expect, it } from 'vitest';
import { applyStyles, isStyle, mergeNegatives, wrapWithStyle } from './compose';

const cinematic = {
	name: 'Cinematic',
	text: 'cinematic still of {prompt} . shallow depth of field, film grain',
	negativePrompt: 'cartoon, painting, blurry'
};
const artstation = {
	name: 'Artstation',
	text: 'trending on artstation, highly detailed',
	negativePrompt: 'blurry, lowres'
};

describe('styles', () => {
	it('knows a style by its placeholder or its tag', () => {
		expect(isStyle({ text: 'photo of {PROMPT}' })).toBe(true);
		expect(isStyle({ text: 'a cat', tags: ['style'] })).toBe(true);
		expect(isStyle({ text: 'a cat', tags: ['cats'] })).toBe(false);
	});

	it('wraps the typed prompt, or appends a style that has no placeholder', () => {
		expect(wrapWithStyle('a red fox', cinematic.text)).toBe(
			'cinematic still of a red fox . shallow depth of field, film grain'
		);
		expect(wrapWithStyle('a red fox,  ', artstation.text)).toBe(
			'a red fox, trending on artstation, highly detailed'
		);
		expect(wrapWithStyle('', artstation.text)).toBe('trending on artstation, highly detailed');
		expect(wrapWithStyle('$1 & $& fox', 'x {prompt} y')).toBe('x $1 & $& fox y');
	});

	it('stacks in order: the first style is innermost', () => {
		const result = applyStyles({ prompt: 'a red fox', negativePrompt: 'Blurry, text' }, [
			cinematic,
			artstation
		]);
		expect(result.prompt).toBe(
			'cinematic still of a red fox . shallow depth of field, film grain, trending on artstation, highly detailed'
		);
		expect(result.negativePrompt).toBe('Blurry, text, cartoon, painting, lowres');
	});

	it('merges negatives once per term, full-width commas included', () => {
		expect(mergeNegatives('模糊，水印', ['水印, lowres', 'LOWRES'])).toBe('模糊, 水印, lowres');
		expect(mergeNegatives('ugly', ['{prompt}, deformed'])).toBe('ugly, deformed');
	});

	it('leaves the prompt alone without styles', () => {
		expect(applyStyles({ prompt: 'a fox', negativePrompt: ' x ' }, [])).toEqual({
			prompt: 'a fox',
			negativePrompt: 'x'
		});
	});
});
