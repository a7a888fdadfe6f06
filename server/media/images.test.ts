/**
 * Stored images carry no metadata and are decoded before they are kept — with the cheap path
 * (cut the metadata out of an upright PNG or JPEG) and the re-encoding path alike.
 */
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ImageRejectedError, processImage } from './images';
import { stripJpeg, stripPng } from './strip-metadata';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const pixels = (bytes: Uint8Array) => sharp(bytes).raw().toBuffer();
const picture = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } });

describe('processImage', () => {
	it('keeps the pixels and colour chunks of a PNG and drops its text, EXIF and private chunks, without re-encoding', async () => {
		const png = new Uint8Array(
			await picture()
				.png()
				.withMetadata({ exif: { IFD0: { Artist: 'SECRET-ARTIST' } } })
				.withIccProfile('srgb')
				.toBuffer()
		);
		// sharp writes EXIF as eXIf; add a text chunk as other tools do.
		const withText = insertPngChunk(
			png,
			'tEXt',
			Buffer.from('parameters\0SECRET-PROMPT', 'latin1')
		);
		const { original, thumbnail } = await processImage(withText, 'provider-output');
		expect(latin1(original.bytes)).not.toContain('SECRET');
		expect(latin1(original.bytes)).toContain('iCCP');
		expect(original).toMatchObject({ mime: 'image/png', width: 64, height: 48 });
		expect((await pixels(original.bytes)).equals(await pixels(png))).toBe(true);
		// No re-encode: the image data chunks are the very bytes the provider sent.
		expect(Buffer.from(original.bytes).includes(Buffer.from(idat(png)))).toBe(true);
		expect(thumbnail).toMatchObject({ mime: 'image/webp', width: 64, height: 48 });
	});

	it('drops EXIF, XMP and comments from an upright JPEG and keeps its pixels', async () => {
		const jpeg = new Uint8Array(
			await picture()
				.jpeg()
				.withMetadata({ exif: { IFD0: { Artist: 'SECRET-ARTIST' } } })
				.toBuffer()
		);
		const { original } = await processImage(jpeg);
		expect(latin1(original.bytes)).not.toContain('SECRET');
		expect(latin1(original.bytes)).not.toContain('Exif');
		expect((await pixels(original.bytes)).equals(await pixels(jpeg))).toBe(true);
	});

	it('re-encodes a rotated JPEG upright, without its EXIF', async () => {
		const rotated = new Uint8Array(
			await picture().jpeg().withMetadata({ orientation: 6 }).toBuffer()
		);
		const { original } = await processImage(rotated);
		expect(original).toMatchObject({ width: 48, height: 64 });
		expect((await sharp(original.bytes).metadata()).orientation).toBeUndefined();
	});

	it('refuses a PNG whose image data is damaged or cut short, though its container looks fine', async () => {
		const png = new Uint8Array(await picture().png().toBuffer());
		const damaged = replaceIdat(png, deflateSync(Buffer.alloc(10)));
		await expect(processImage(damaged)).rejects.toBeInstanceOf(ImageRejectedError);
		await expect(processImage(png.subarray(0, png.length - 30))).rejects.toBeInstanceOf(
			ImageRejectedError
		);
	});
});

describe('the metadata strippers', () => {
	it('answer null for containers they do not fully understand, so the caller re-encodes', async () => {
		const png = new Uint8Array(await picture().png().toBuffer());
		const badCrc = png.slice();
		badCrc[chunks(png).find((c) => c.type === 'IDAT')!.start + 9] ^= 0xff;
		expect(stripPng(badCrc)).toBeNull();
		expect(stripPng(png.subarray(0, 20))).toBeNull();
		expect(stripJpeg(new Uint8Array([0xff, 0xd8, 0x00, 0x01]))).toBeNull();
		expect(stripPng(new Uint8Array(await picture().jpeg().toBuffer()))).toBeNull();
	});
});

function chunks(png: Uint8Array): { type: string; start: number; end: number }[] {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	const out = [];
	for (let at = 8; at < png.length;) {
		const length = view.getUint32(at);
		out.push({ type: latin1(png.subarray(at + 4, at + 8)), start: at, end: at + 12 + length });
		at += 12 + length;
	}
	return out;
}

function makeChunk(type: string, data: Uint8Array): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const head = Buffer.alloc(4);
	head.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body) >>> 0);
	return Buffer.concat([head, body, crc]);
}

function insertPngChunk(png: Uint8Array, type: string, data: Uint8Array): Uint8Array {
	const ihdr = chunks(png)[0];
	return new Uint8Array(
		Buffer.concat([png.subarray(0, ihdr.end), makeChunk(type, data), png.subarray(ihdr.end)])
	);
}

function idat(png: Uint8Array): Uint8Array {
	const chunk = chunks(png).find((c) => c.type === 'IDAT')!;
	return png.subarray(chunk.start, chunk.end);
}

function replaceIdat(png: Uint8Array, data: Uint8Array): Uint8Array {
	const chunk = chunks(png).find((c) => c.type === 'IDAT')!;
	return new Uint8Array(
		Buffer.concat([png.subarray(0, chunk.start), makeChunk('IDAT', data), png.subarray(chunk.end)])
	);
}
