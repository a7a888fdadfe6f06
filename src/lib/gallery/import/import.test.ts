import { describe, expect, it } from 'vitest';
import { nearestAspectRatio } from './import-images';
import { sniffImageMime } from './sniff';

describe('import helpers', () => {
	it('knows PNG, JPEG and WebP by their first bytes, whatever the name says', () => {
		expect(sniffImageMime(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe(
			'image/png'
		);
		expect(sniffImageMime(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
		expect(sniffImageMime(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
		expect(sniffImageMime(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
		expect(sniffImageMime(new TextEncoder().encode('GIF89a'))).toBeNull();
		expect(sniffImageMime(new Uint8Array())).toBeNull();
	});

	it('gives an imported picture the listed aspect ratio closest to its pixels', () => {
		expect(nearestAspectRatio(1024, 1024)).toBe('1:1');
		expect(nearestAspectRatio(768, 512)).toBe('3:2');
		expect(nearestAspectRatio(1080, 1920)).toBe('9:16');
		expect(nearestAspectRatio(2560, 1080)).toBe('21:9');
		expect(nearestAspectRatio(1000, 999)).toBe('1:1');
	});
});
