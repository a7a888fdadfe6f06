import { describe, expect, it } from 'vitest';
import { loginUrlFor, safeNext } from './safe-next';

describe('safeNext', () => {
	it('follows a path on this site, keeping its query and hash', () => {
		expect(safeNext('/gallery/0193abc')).toBe('/gallery/0193abc');
		expect(safeNext('/batch?from=queue#top')).toBe('/batch?from=queue#top');
	});

	it('goes home for anything that could leave the site', () => {
		for (const next of [
			'//evil.example/x',
			'/\\evil.example',
			'https://evil.example/',
			'javascript:alert(1)',
			'gallery',
			'/\tevil',
			'/a\\b'
		]) {
			expect(safeNext(next), next).toBe('/');
		}
	});

	it('goes home when there is nothing to follow or it points back at sign-in', () => {
		expect(safeNext(null)).toBe('/');
		expect(safeNext('')).toBe('/');
		expect(safeNext('/login?next=/admin')).toBe('/');
	});
});

describe('loginUrlFor', () => {
	it('carries the page asked for, and nothing for the home page', () => {
		expect(loginUrlFor('/gallery/x?y=1')).toBe('/login?next=%2Fgallery%2Fx%3Fy%3D1');
		expect(loginUrlFor('/')).toBe('/login');
	});
});
