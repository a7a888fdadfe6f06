import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isZipName, outputStem, pairSidecars, readZip } from './source-files';

const bytes = (text: string) => strToU8(text);

describe('source files', () => {
	it('pairs each image with the .txt of the same name and keeps file names as labels', () => {
		const images = pairSidecars([
			{ name: 'trip/img10.png', bytes: bytes('png10') },
			{ name: 'trip/img2.JPG', bytes: bytes('jpg2') },
			{ name: 'trip/img2.txt', bytes: bytes('  a beach at noon \n') },
			{ name: 'trip/notes.md', bytes: bytes('x') },
			{ name: 'trip/.DS_Store', bytes: bytes('x') }
		]);
		expect(
			images.map(({ label, mime, sidecarPrompt }) => ({ label, mime, sidecarPrompt }))
		).toEqual([
			{ label: 'img2.JPG', mime: 'image/jpeg', sidecarPrompt: 'a beach at noon' },
			{ label: 'img10.png', mime: 'image/png', sidecarPrompt: null }
		]);
	});

	it('does not pair a sidecar from another folder', () => {
		const [image] = pairSidecars([
			{ name: 'a/cat.png', bytes: bytes('1') },
			{ name: 'b/cat.txt', bytes: bytes('wrong') }
		]);
		expect(image.sidecarPrompt).toBeNull();
	});

	it('reads the files of a ZIP, skipping folders and macOS resource forks', () => {
		const zip = zipSync({
			'set/': {},
			'set/one.png': bytes('p1'),
			'set/one.txt': bytes('first'),
			'__MACOSX/set/._one.png': bytes('junk')
		});
		const images = pairSidecars(readZip(zip));
		expect(images).toHaveLength(1);
		expect(images[0]).toMatchObject({ label: 'one.png', sidecarPrompt: 'first' });
		expect(new TextDecoder().decode(images[0].bytes)).toBe('p1');
	});

	it('rejects bytes that are not a ZIP with an error', () => {
		expect(() => readZip(bytes('not a zip'))).toThrow();
	});

	it('recognises ZIPs by name or type and names outputs after their input', () => {
		expect(isZipName('photos.ZIP')).toBe(true);
		expect(isZipName('blob', 'application/zip')).toBe(true);
		expect(isZipName('cat.png', 'image/png')).toBe(false);
		expect(outputStem('trip/cat.final.png')).toBe('cat.final');
	});
});
