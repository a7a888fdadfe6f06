/**
 * Draws the demo provider's pictures: a gradient with soft discs, all derived from a 32-byte seed.
 * Pure and deterministic (same seed → same pixels); knows nothing about requests or PNG files.
 */
import type { RgbImage } from './png-encoder';

type Rgb = [number, number, number];

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function hsl(h: number, s: number, l: number): Rgb {
	const f = (n: number) => {
		const k = (n + h * 12) % 12;
		const a = s * Math.min(l, 1 - l);
		return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
	};
	return [f(0), f(8), f(4)];
}

/** What to draw: the size, a 32-byte seed (a hash of prompt and seed), and the source count. */
export interface DemoArtOptions {
	width: number;
	height: number;
	seed: Uint8Array;
	/** Image-to-image sources: each adds a marker band on the left edge and warms the tint. */
	sourceCount: number;
}

/** Draws one picture; about 10–20 ms for 1344×768 on a small machine. */
export function drawDemoArt({ width, height, seed, sourceCount }: DemoArtOptions): RgbImage {
	const view = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
	const random = prng(view.getUint32(0) ^ view.getUint32(4));
	const hue = random();
	const from = hsl(hue, 0.55 + random() * 0.35, 0.25 + random() * 0.2);
	const to = hsl((hue + 0.25 + random() * 0.5) % 1, 0.5 + random() * 0.4, 0.55 + random() * 0.2);
	const rgb = new Uint8Array(width * height * 3);

	// Background: a linear gradient at a seed-chosen angle; t = ax*x + ay*y + b, spanning [0, 1].
	const angle = random() * Math.PI * 2;
	const ax = Math.cos(angle);
	const ay = Math.sin(angle);
	const span = Math.abs(ax) * width + Math.abs(ay) * height;
	const base = (ax < 0 ? -ax * width : 0) + (ay < 0 ? -ay * height : 0);
	for (let y = 0; y < height; y++) {
		let i = y * width * 3;
		for (let x = 0; x < width; x++, i += 3) {
			const t = (ax * x + ay * y + base) / span;
			rgb[i] = from[0] + (to[0] - from[0]) * t;
			rgb[i + 1] = from[1] + (to[1] - from[1]) * t;
			rgb[i + 2] = from[2] + (to[2] - from[2]) * t;
		}
	}

	// Discs: 3–8 of them, soft-edged, blended over the gradient inside their bounding boxes.
	const discs = 3 + Math.floor(random() * 6);
	const short = Math.min(width, height);
	for (let d = 0; d < discs; d++) {
		const colour = hsl(
			(hue + random() * 0.6 + 0.2) % 1,
			0.6 + random() * 0.4,
			0.35 + random() * 0.45
		);
		const cx = random() * width;
		const cy = random() * height;
		const r = short * (0.06 + random() * 0.22);
		const alpha = 0.45 + random() * 0.45;
		blendDisc(rgb, width, height, { cx, cy, r, colour, alpha });
	}

	if (sourceCount > 0) markSources(rgb, width, height, sourceCount, hsl((hue + 0.5) % 1, 0.8, 0.6));
	return { width, height, rgb };
}

function blendDisc(
	rgb: Uint8Array,
	width: number,
	height: number,
	disc: { cx: number; cy: number; r: number; colour: Rgb; alpha: number }
): void {
	const { cx, cy, r, colour, alpha } = disc;
	const x0 = Math.max(0, Math.floor(cx - r));
	const x1 = Math.min(width - 1, Math.ceil(cx + r));
	const y0 = Math.max(0, Math.floor(cy - r));
	const y1 = Math.min(height - 1, Math.ceil(cy + r));
	const r2 = r * r;
	const inner2 = (r * 0.8) ** 2;
	for (let y = y0; y <= y1; y++) {
		const dy2 = (y - cy) ** 2;
		for (let x = x0; x <= x1; x++) {
			const dist2 = (x - cx) ** 2 + dy2;
			if (dist2 > r2) continue;
			// Full strength inside 80 % of the radius, fading to 0 at the rim.
			const a = dist2 <= inner2 ? alpha : alpha * ((r2 - dist2) / (r2 - inner2));
			const i = (y * width + x) * 3;
			rgb[i] += (colour[0] - rgb[i]) * a;
			rgb[i + 1] += (colour[1] - rgb[i + 1]) * a;
			rgb[i + 2] += (colour[2] - rgb[i + 2]) * a;
		}
	}
}

/** Image-to-image: a warm tint over everything plus one band per source on the left edge. */
function markSources(
	rgb: Uint8Array,
	width: number,
	height: number,
	count: number,
	colour: Rgb
): void {
	const tint = Math.min(0.35, 0.08 * count);
	for (let i = 0; i < rgb.length; i += 3) {
		rgb[i] += (255 - rgb[i]) * tint;
		rgb[i + 2] -= rgb[i + 2] * tint * 0.5;
	}
	const band = Math.max(4, Math.round(width / 64));
	for (let s = 0; s < count; s++) {
		const x0 = band * (2 * s + 1);
		for (let y = band; y < height - band; y++) {
			for (let x = x0; x < Math.min(width, x0 + band); x++) {
				const i = (y * width + x) * 3;
				rgb[i] = colour[0];
				rgb[i + 1] = colour[1];
				rgb[i + 2] = colour[2];
			}
		}
	}
}
