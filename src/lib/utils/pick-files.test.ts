import { describe, expect, it } from 'vitest';
import { sortPickedFiles } from './pick-files';

const TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const file = (name: string, type = 'image/png', size = 1_000) => ({ name, type, size });

describe('sortPickedFiles', () => {
	it('keeps the good files when a bad one comes first near the limit', () => {
		const sut = sortPickedFiles(
			[file('notes.pdf', 'application/pdf'), file('a.png'), file('b.jpg', 'image/jpeg')],
			{ room: 2, types: TYPES, maxBytes: 5_000 }
		);
		expect(sut.accepted.map((f) => f.name)).toEqual(['a.png', 'b.jpg']);
		expect(sut.refused).toEqual([{ name: 'notes.pdf', reason: 'type' }]);
	});

	it('says which files were too large and which were over the limit', () => {
		const sut = sortPickedFiles(
			[file('huge.png', 'image/png', 9_000), file('a.png'), file('b.png'), file('c.png')],
			{ room: 2, types: TYPES, maxBytes: 5_000 }
		);
		expect(sut.accepted.map((f) => f.name)).toEqual(['a.png', 'b.png']);
		expect(sut.refused).toEqual([
			{ name: 'huge.png', reason: 'size' },
			{ name: 'c.png', reason: 'limit' }
		]);
	});

	it('refuses everything as over the limit when there is no room', () => {
		expect(
			sortPickedFiles([file('a.png')], { room: 0, types: TYPES, maxBytes: 5_000 }).refused
		).toEqual([{ name: 'a.png', reason: 'limit' }]);
	});
});
