/**
 * The simulation's only source of chance: a small seeded PRNG (mulberry32), so a seed replays the
 * same commands, faults and ids. Never use Math.random or uuidv7() for anything a run decides.
 */

export class Prng {
	#state: number;

	constructor(seed: number) {
		this.#state = seed >>> 0 || 0x9e3779b9;
	}

	/** A float in [0, 1). */
	next(): number {
		let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** An integer in [min, max]. */
	between(min: number, max: number): number {
		return min + this.int(max - min + 1);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(list: readonly T[]): T {
		if (list.length === 0) throw new Error('pick from an empty list');
		return list[this.int(list.length)];
	}

	/** Picks a key by weight. */
	weighted<K extends string>(weights: Record<K, number>): K {
		const entries = Object.entries(weights) as [K, number][];
		let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
		for (const [key, weight] of entries) if ((roll -= weight) < 0) return key;
		return entries[entries.length - 1][0];
	}

	/** A UUIDv7 with this timestamp and PRNG bits (replayable, unlike uuidv7()). */
	uuidv7(ms: number): string {
		const hex = (n: number) => Array.from({ length: n }, () => this.int(16).toString(16)).join('');
		const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
		return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(3)}-${'89ab'[this.int(4)]}${hex(3)}-${hex(12)}`;
	}
}
