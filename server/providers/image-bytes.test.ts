/** What the relay accepts as a provider's base64 image, on the fast path and the lenient one. */
import { describe, expect, it } from 'vitest';
import { ProviderError } from './provider';
import { decodeBase64Image, decodeDataUrl } from './image-bytes';
import { tinyPng } from '../testing/fake-provider-shared';

const png = tinyPng();
const b64 = Buffer.from(png).toString('base64');
const codeOf = (work: () => unknown) => {
	try {
		work();
	} catch (error) {
		return error instanceof ProviderError ? error.code : 'other';
	}
	return 'none';
};

describe('decodeBase64Image', () => {
	it('decodes what encoders send: padded standard base64, base64url, no padding, and line-wrapped base64', () => {
		const variants = [
			b64,
			Buffer.from(png).toString('base64url'),
			b64.replace(/=+$/, ''),
			b64.replace(/(.{76})/g, '$1\r\n')
		];
		for (const data of variants) {
			const { bytes, mime } = decodeBase64Image(data, 'Test');
			expect(mime).toBe('image/png');
			expect(Buffer.from(bytes).equals(Buffer.from(png))).toBe(true);
		}
	});

	it('refuses characters outside the alphabet, mixed alphabets, padding in the middle and empty data', () => {
		for (const data of [
			`${b64.slice(0, 8)}$${b64.slice(9)}`,
			`${b64.slice(0, 8)}-+${b64.slice(10)}`,
			`${b64.slice(0, 8)}==${b64.slice(10)}`,
			'',
			'===='
		]) {
			expect(codeOf(() => decodeBase64Image(data, 'Test'))).toBe('PROVIDER_BAD_RESPONSE');
		}
	});

	it('refuses a cut-off PNG and bytes that are not an image', () => {
		expect(
			codeOf(() =>
				decodeBase64Image(Buffer.from(png.subarray(0, png.length - 4)).toString('base64'), 'Test')
			)
		).toBe('PROVIDER_BAD_RESPONSE');
		expect(
			codeOf(() =>
				decodeBase64Image(Buffer.from('just some text, not an image').toString('base64'), 'Test')
			)
		).toBe('PROVIDER_BAD_RESPONSE');
	});

	it('reads a data: URL only when it says base64', () => {
		expect(decodeDataUrl(`data:image/png;base64,${b64}`, 'Test').mime).toBe('image/png');
		expect(codeOf(() => decodeDataUrl(`data:image/png,${b64}`, 'Test'))).toBe(
			'PROVIDER_BAD_RESPONSE'
		);
	});
});
