import { describe, expect, it } from 'vitest';
import { makePrompt } from '../testing/factories';
import { PromptIndex } from './search-index';
import { buildSuggestions } from './suggestions';

describe('buildSuggestions', () => {
	const index = new PromptIndex();
	index.update([
		makePrompt({
			id: 'a',
			title: 'Lighthouse',
			text: 'a lighthouse at dusk, watercolour',
			usageCount: 3
		}),
		makePrompt({ id: 'b', title: 'Harbour', text: 'a harbour with a lighthouse' })
	]);
	const recents = [
		{ text: 'a lighthouse at dusk, watercolour', model: 'm', params: {}, usedAt: 3, uses: 1 },
		{ text: 'lighthouse in a storm', model: 'm', params: {}, usedAt: 2, uses: 1 },
		{ text: 'a cat', model: 'm', params: {}, usedAt: 1, uses: 1 }
	];

	it('offers library prompts first, then recent ones, each text once', () => {
		expect(buildSuggestions(index, recents, 'lighth').map((s) => [s.kind, s.text])).toEqual([
			['library', 'a lighthouse at dusk, watercolour'],
			['library', 'a harbour with a lighthouse'],
			['recent', 'lighthouse in a storm']
		]);
	});

	it('suggests nothing for one character or for exactly the typed text only', () => {
		expect(buildSuggestions(index, recents, 'l')).toEqual([]);
		expect(buildSuggestions(index, recents, 'a cat')).toEqual([]);
	});
});
