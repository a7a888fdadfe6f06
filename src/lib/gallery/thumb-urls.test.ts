import { describe, expect, it } from 'vitest';
import { ThumbUrls } from './thumb-urls';

/** A loader over a fixed set of hashes that counts reads; `fallback` bytes stand in for a missing thumbnail. */
function loader(present: string[]) {
	const reads: string[] = [];
	const load = async (sha256: string, fallback: string) => {
		reads.push(sha256);
		if (present.includes(sha256)) return new Blob([sha256], { type: 'image/webp' });
		if (present.includes(fallback)) return new Blob([fallback], { type: 'image/png' });
		return null;
	};
	return { reads, load };
}

describe('thumbnail URLs owned by the grid', () => {
	it('reads a thumbnail once however many tiles ask for it, and reuses the URL after', async () => {
		const { reads, load } = loader(['a']);
		const urls = new ThumbUrls(load);
		const [first, second] = await Promise.all([urls.request('a', ''), urls.request('a', '')]);
		expect(first).toMatch(/^blob:/);
		expect(second).toBe(first);
		expect(urls.peek('a')).toBe(first);
		expect(reads).toEqual(['a']);
		urls.clear();
	});

	it('shows the original when the thumbnail is not on the device', async () => {
		const { load } = loader(['original']);
		const urls = new ThumbUrls(load);
		const url = await urls.request('thumb', 'original');
		expect(await (await fetch(url!)).text()).toBe('original');
		urls.clear();
	});

	it('revokes the least recently used URL past its capacity, keeping those still on screen', async () => {
		const { load } = loader(['a', 'b', 'c']);
		const urls = new ThumbUrls(load, 2);
		const a = (await urls.request('a', ''))!;
		await urls.request('b', '');
		urls.peek('a'); // still on screen
		await urls.request('c', '');
		expect(urls.size).toBe(2);
		expect(urls.peek('b')).toBeUndefined();
		expect(urls.peek('a')).toBe(a);
		expect(await (await fetch(a)).text()).toBe('a');
		urls.clear();
		await expect(fetch(a)).rejects.toThrow();
	});

	it('remembers a missing thumbnail until told to retry, then reads it again', async () => {
		const present: string[] = [];
		const { reads, load } = loader(present);
		const urls = new ThumbUrls(load);
		expect(await urls.request('a', '')).toBeNull();
		expect(await urls.request('a', '')).toBeNull();
		expect(reads).toEqual(['a']);
		present.push('a');
		urls.retryMissing();
		expect(await urls.request('a', '')).toMatch(/^blob:/);
		urls.clear();
	});
});

describe('a thumbnail that failed to load', () => {
	it('is asked for again next time rather than marked missing', async () => {
		let fail = true;
		const urls = new ThumbUrls(async (sha256) => {
			if (fail) throw new Error('disk error');
			return new Blob([sha256]);
		});
		expect(await urls.request('a', '')).toBeNull();
		expect(urls.missing.has('a')).toBe(false);
		fail = false;
		expect(await urls.request('a', '')).toMatch(/^blob:/);
		urls.clear();
	});
});
