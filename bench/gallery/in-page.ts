/**
 * Functions the gallery bench runs inside the page (passed to page.evaluate, so each is
 * self-contained: no imports, no closures). They talk to IndexedDB and the DOM directly.
 */

/** Writes `count` image rows and `thumbs` distinct WebP thumbnails into the signed-in user's database. */
export async function seedGallery({
	count,
	thumbs
}: {
	count: number;
	thumbs: number;
}): Promise<{ thumbBytes: number }> {
	// The app opens the user's database just after sign-in: wait for it (up to 10 s).
	let name: string | undefined;
	for (let tries = 0; !name && tries < 100; tries++) {
		name = (await indexedDB.databases()).map((d) => d.name).find((n) => n?.startsWith('nbs-'));
		if (!name) await new Promise((resolve) => setTimeout(resolve, 100));
	}
	if (!name) throw new Error('no user database');
	const db = await new Promise<IDBDatabase>((resolve, reject) => {
		const request = indexedDB.open(name);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	const write = (store: string, rows: unknown[]) =>
		new Promise<void>((resolve, reject) => {
			const tx = db.transaction(store, 'readwrite');
			for (const row of rows) tx.objectStore(store).put(row);
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
	const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
	const canvas = new OffscreenCanvas(256, 256);
	const ctx = canvas.getContext('2d')!;
	const hashes: string[] = [];
	const blobs: unknown[] = [];
	let thumbBytes = 0;
	for (let i = 0; i < thumbs; i++) {
		ctx.fillStyle = `hsl(${(i * 37) % 360} 60% 60%)`;
		ctx.fillRect(0, 0, 256, 256);
		for (let k = 0; k < 4; k++) {
			ctx.fillStyle = `hsl(${(i * 91 + k * 53) % 360} 70% ${30 + k * 10}%)`;
			ctx.beginPath();
			ctx.arc(
				30 + ((i * 13 + k * 57) % 200),
				30 + ((i * 29 + k * 71) % 200),
				20 + ((i + k * 7) % 50),
				0,
				7
			);
			ctx.fill();
		}
		const bytes = await (
			await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 })
		).arrayBuffer();
		thumbBytes += bytes.byteLength;
		const sha256 = `${hex(i, 8)}${'b'.repeat(56)}`;
		hashes.push(sha256);
		blobs.push({
			sha256,
			bytes,
			mime: 'image/webp',
			kind: 'thumb',
			uploaded: 1,
			lastAccessAt: Date.now(),
			pinned: 0
		});
	}
	await write('blobs', blobs);
	const WORDS = [
		'fox',
		'whale',
		'lighthouse',
		'forest',
		'neon',
		'city',
		'portrait',
		'mountain',
		'river',
		'robot',
		'castle',
		'garden',
		'desert',
		'ocean',
		'cat',
		'dragon'
	];
	const CHINESE = ['海边的日落', '山间小屋', '赛博朋克城市', '水墨山水'];
	const MODELS = ['demo/sketch', 'demo/photo', 'openrouter/google/gemini-2.5-flash-image'];
	const SIZES: Array<[number, number, string]> = [
		[1024, 1024, '1:1'],
		[832, 1248, '2:3'],
		[1344, 768, '16:9']
	];
	const now = Date.now();
	const spacing = Math.floor((730 * 86_400_000) / count); // two years of images
	let rows: unknown[] = [];
	for (let i = 0; i < count; i++) {
		const createdAt = now - (count - i) * spacing;
		const id = `${hex(createdAt, 12).slice(0, 8)}-${hex(createdAt, 12).slice(8)}-7${hex(i, 3)}-8${hex(i >> 12, 3)}-${hex(i * 2654435761, 12)}`;
		const [width, height, aspectRatio] = SIZES[i % 3];
		const pick = (k: number) => WORDS[(i * 7 + k * 5) % WORDS.length];
		rows.push({
			id,
			generationId: null,
			outputIndex: 0,
			sha256: `${hex(i, 8)}${'a'.repeat(56)}`,
			thumbSha256: hashes[i % hashes.length],
			width,
			height,
			mime: 'image/png',
			bytes: 1_500_000,
			model: MODELS[i % MODELS.length],
			prompt:
				i % 10 === 0
					? `${CHINESE[i % CHINESE.length]}，电影感光线，细节丰富 ${i}`
					: `A ${pick(0)} ${pick(1)} scene with a ${pick(2)} and a ${pick(3)}, soft light, detailed, wide angle, film grain, number ${i}`,
			params: { aspectRatio, seed: i },
			sourceHashes: i % 7 === 0 ? [hashes[(i + 1) % hashes.length]] : [],
			price: 1,
			providerRequestId: null,
			favourite: i % 20 === 0,
			rating: 0,
			createdAt,
			updatedAt: createdAt,
			deletedAt: null
		});
		if (rows.length === 5_000) {
			await write('images', rows);
			rows = [];
		}
	}
	await write('images', rows);
	db.close();
	return { thumbBytes };
}

/**
 * Waits for the next painted frame after `selector` matches (with other text than `text`, or, for
 * an image, once it is decoded); returns ms since `t0` (performance.now()).
 */
export async function untilPainted({
	t0,
	selector,
	text
}: {
	t0: number;
	selector: string;
	text?: string;
}): Promise<number> {
	const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
	for (;;) {
		const element = document.querySelector(selector);
		const decoded =
			!(element instanceof HTMLImageElement) || (element.complete && element.naturalWidth > 0);
		if (element && decoded && (text === undefined || element.textContent !== text)) break;
		await frame();
	}
	await frame();
	return performance.now() - t0;
}

/** Scrolls from the top to the bottom, a viewport and a half per frame; the longest task and frame meanwhile. */
export async function scrollToBottom(): Promise<{
	longestTaskMs: number;
	longTasks: number;
	longestFrameMs: number;
	frames: number;
	tilesInDom: number;
	maxTilesInDom: number;
	scrollHeight: number;
}> {
	const tasks: number[] = [];
	const observer = new PerformanceObserver((list) =>
		list.getEntries().forEach((entry) => tasks.push(entry.duration))
	);
	observer.observe({ type: 'longtask' });
	const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
	window.scrollTo(0, 0);
	let last = await frame();
	let longestFrameMs = 0;
	let frames = 0;
	let maxTilesInDom = 0;
	let stuck = 0;
	for (;;) {
		const before = window.scrollY;
		window.scrollBy(0, window.innerHeight * 1.5);
		const now = await frame();
		longestFrameMs = Math.max(longestFrameMs, now - last);
		last = now;
		frames++;
		maxTilesInDom = Math.max(maxTilesInDom, document.querySelectorAll('[data-tile]').length);
		if (window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2) break;
		stuck = window.scrollY === before ? stuck + 1 : 0;
		if (stuck > 30) break;
	}
	for (let i = 0; i < 30; i++) await frame(); // let the last rows load
	observer.disconnect();
	return {
		longestTaskMs: Math.max(0, ...tasks),
		longTasks: tasks.length,
		longestFrameMs,
		frames,
		tilesInDom: document.querySelectorAll('[data-tile]').length,
		maxTilesInDom,
		scrollHeight: document.documentElement.scrollHeight
	};
}
