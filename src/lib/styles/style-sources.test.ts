import { describe, expect, it } from 'vitest';
import type { PresetPrompt } from '../shared/schemas/presets';
import type { PromptRow } from '../shared/schemas/rows';
import { availableStyles, resolveApplied, searchStyles } from './style-sources';

const row = (
	id: string,
	title: string,
	text: string,
	over: Partial<PromptRow> = {}
): PromptRow => ({
	id,
	title,
	text,
	negativePrompt: '',
	category: '',
	tags: [],
	favourite: false,
	usageCount: 0,
	model: null,
	params: null,
	createdAt: 1,
	updatedAt: 1,
	deletedAt: null,
	...over
});
const preset = (id: string, title: string, text: string, tags: string[] = []): PresetPrompt => ({
	id,
	title,
	text,
	negativePrompt: 'ugly',
	category: '',
	tags,
	model: null,
	position: 0,
	updatedAt: 1
});

describe('availableStyles', () => {
	it('offers the library prompts and presets that are styles, the library first, not the trash', () => {
		const sut = availableStyles(
			[
				row('a', 'Cinematic', 'cinematic {prompt}'),
				row('b', 'A cat', 'a cat'),
				row('c', 'Gone', 'x {prompt}', { deletedAt: 5 }),
				row('d', 'Tagged', 'oil paint', { tags: ['style'] })
			],
			[preset('s1', 'Neon', 'neon {prompt}'), preset('s2', 'Just a prompt', 'a dog')]
		);
		expect(sut.map((style) => [style.key, style.name])).toEqual([
			['prompt:a', 'Cinematic'],
			['prompt:d', 'Tagged'],
			['preset:s1', 'Neon']
		]);
		expect(sut[2]).toMatchObject({ presetId: 's1', negativePrompt: 'ugly' });
	});
});

describe('searchStyles', () => {
	const styles = availableStyles(
		[row('a', 'Cinematic', 'film grain {prompt}'), row('b', '水彩 | 柔和', '水彩画 {prompt}')],
		[]
	);

	it('finds by any words of the name or the text, case and width folded', () => {
		expect(searchStyles(styles, 'FILM cine').map((s) => s.name)).toEqual(['Cinematic']);
		expect(searchStyles(styles, '水彩').map((s) => s.name)).toEqual(['水彩 | 柔和']);
		expect(searchStyles(styles, '  ')).toHaveLength(2);
	});
});

describe('resolveApplied', () => {
	const available = availableStyles(
		[row('a', 'Cinematic', 'c {prompt}'), row('b', 'Neon', 'n {prompt}')],
		[preset('s1', 'Pack style', 'p {prompt}')]
	);

	it('finds recorded styles by id, in the recorded order', () => {
		expect(
			resolveApplied(
				[
					{ name: 'Pack style', presetId: 's1' },
					{ name: 'old name', promptId: 'a' }
				],
				available
			)?.map((s) => s.key)
		).toEqual(['preset:s1', 'prompt:a']);
	});

	it('falls back to the name when the id is gone (a style imported again)', () => {
		expect(
			resolveApplied([{ name: 'Neon', promptId: 'deleted-id' }], available)?.map((s) => s.key)
		).toEqual(['prompt:b']);
	});

	it('gives null when any recorded style no longer exists', () => {
		expect(
			resolveApplied(
				[
					{ name: 'Cinematic', promptId: 'a' },
					{ name: 'Vanished', promptId: 'zz' }
				],
				available
			)
		).toBeNull();
	});
});
