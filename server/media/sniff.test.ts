import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { checkImageBytes } from '../providers/image-bytes';
import { ProviderError } from '../providers/provider';
import { PROVIDER_OUTPUT_MIMES, sniffImageMime, sniffUploadMime, UPLOAD_MIMES } from './sniff';
import { cleanImage, ImageRejectedError } from './images';

const encode = (format: 'png' | 'jpeg' | 'webp' | 'gif') =>
	sharp({ create: { width: 8, height: 6, channels: 3, background: '#c33' } })
		[format]()
		.toBuffer()
		.then((b) => new Uint8Array(b));

describe('the one magic-byte sniffer', () => {
	it('knows PNG, JPEG, WebP and GIF by their first bytes', async () => {
		for (const [format, mime] of [
			['png', 'image/png'],
			['jpeg', 'image/jpeg'],
			['webp', 'image/webp'],
			['gif', 'image/gif']
		] as const) {
			expect(sniffImageMime(await encode(format), PROVIDER_OUTPUT_MIMES)).toBe(mime);
		}
	});

	it('lets uploads be only JPEG, PNG or WebP: GIF is refused', async () => {
		expect(UPLOAD_MIMES).toEqual(['image/png', 'image/jpeg', 'image/webp']);
		expect(sniffUploadMime(await encode('gif'))).toBeNull();
		expect(sniffUploadMime(await encode('webp'))).toBe('image/webp');
	});

	it('refuses text, SVG, empty bodies and a PNG signature cut short, whatever the list', () => {
		const text = (s: string) => new TextEncoder().encode(s);
		for (const bytes of [
			text('<svg xmlns="http://www.w3.org/2000/svg"/>'),
			text('<html>'),
			new Uint8Array(0),
			new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
			text('GIF8')
		]) {
			expect(sniffImageMime(bytes, PROVIDER_OUTPUT_MIMES)).toBeNull();
		}
	});

	it('accepts a GIF from a provider but still refuses what is not an image', async () => {
		expect(checkImageBytes(await encode('gif'), 'Test')).toBe('image/gif');
		expect(() => checkImageBytes(new TextEncoder().encode('not an image'), 'Test')).toThrow(
			ProviderError
		);
	});
});

describe('cleanImage by origin', () => {
	it('stores a provider GIF as PNG with its size kept', async () => {
		const clean = await cleanImage(await encode('gif'), 'provider-output');
		expect(clean).toMatchObject({ mime: 'image/png', width: 8, height: 6 });
		expect(sniffUploadMime(clean.bytes)).toBe('image/png');
	});

	it('refuses a GIF as an upload with a clear message', async () => {
		await expect(cleanImage(await encode('gif'))).rejects.toThrow(ImageRejectedError);
		await expect(cleanImage(await encode('gif'), 'upload')).rejects.toThrow(
			/JPEG, PNG or WebP only/
		);
	});
});
