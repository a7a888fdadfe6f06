import { describe, expect, it } from 'vitest';
import { imageFileName, slugify } from './file-name';

describe('imageFileName', () => {
	const createdAt = new Date(2026, 10, 24, 16, 22, 33).getTime();

	it('joins date, prompt slug and extension when the image is a PNG', () => {
		expect(
			imageFileName({ prompt: 'A lighthouse at dusk, watercolour!', createdAt, mime: 'image/png' })
		).toBe('nano-banana-20261124-162233-a-lighthouse-at-dusk-watercolour.png');
	});

	it('uses jpg for JPEG and keeps Chinese prompts readable', () => {
		expect(imageFileName({ prompt: '黄昏的灯塔', createdAt, mime: 'image/jpeg' })).toBe(
			'nano-banana-20261124-162233-黄昏的灯塔.jpg'
		);
	});

	it('leaves the slug out when the prompt has no letters or digits', () => {
		expect(imageFileName({ prompt: '!!!', createdAt, mime: 'image/webp' })).toBe(
			'nano-banana-20261124-162233.webp'
		);
	});
});

describe('slugify', () => {
	it('cuts long prompts without a trailing dash', () => {
		const slug = slugify('word '.repeat(30));
		expect(slug.length).toBeLessThanOrEqual(40);
		expect(slug.endsWith('-')).toBe(false);
	});
});
