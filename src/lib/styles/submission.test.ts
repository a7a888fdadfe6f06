import { describe, expect, it } from 'vitest';
import { GenerationParamsSchema } from '../shared/schemas/generate';
import { ARTSTATION, CINEMATIC } from './fixtures.test-data';
import { styledRequest, type TypedRequest } from './submission';

const typed = (over: Partial<TypedRequest> = {}): TypedRequest => ({
	prompt: '  a red fox ',
	negativePrompt: 'text, Blurry',
	params: { aspectRatio: '1:1', seed: 7, negativePrompt: 'text, Blurry' },
	supportsNegativePrompt: true,
	...over
});

describe('styledRequest', () => {
	it('sends the typed request unchanged when no style is picked', () => {
		expect(styledRequest(typed(), [])).toEqual({
			prompt: 'a red fox',
			params: { aspectRatio: '1:1', seed: 7, negativePrompt: 'text, Blurry' }
		});
	});

	it('wraps in stack order (first innermost), merges negatives once each and records styles and typed prompt', () => {
		const sut = styledRequest(typed(), [CINEMATIC, ARTSTATION]);
		expect(sut.prompt).toBe(
			'cinematic still of a red fox . shallow depth of field, film grain, trending on artstation, highly detailed'
		);
		expect(sut.params).toEqual({
			aspectRatio: '1:1',
			seed: 7,
			negativePrompt: 'text, Blurry, cartoon, painting, lowres',
			styles: [
				{ name: 'Cinematic', promptId: 'p-cine' },
				{ name: 'Artstation', presetId: 's-art' }
			],
			typedPrompt: 'a red fox'
		});
		// What is sent must pass the relay's schema as it is.
		expect(GenerationParamsSchema.safeParse(sut.params).success).toBe(true);
	});

	it('changes with the order of the stack', () => {
		expect(styledRequest(typed(), [ARTSTATION, CINEMATIC]).prompt).toBe(
			'cinematic still of a red fox, trending on artstation, highly detailed . shallow depth of field, film grain'
		);
	});

	it('sends no negative prompt to a model that takes none, even when the styles have one', () => {
		const sut = styledRequest(
			typed({ supportsNegativePrompt: false, params: { aspectRatio: '1:1' } }),
			[CINEMATIC]
		);
		expect(sut.params).not.toHaveProperty('negativePrompt');
		expect(sut.params.styles).toEqual([{ name: 'Cinematic', promptId: 'p-cine' }]);
	});

	it('gives the styles’ negatives alone when nothing negative was typed', () => {
		expect(
			styledRequest(typed({ negativePrompt: '', params: { aspectRatio: '1:1' } }), [ARTSTATION])
				.params.negativePrompt
		).toBe('blurry, lowres');
	});
});
