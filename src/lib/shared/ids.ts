/**
 * UUIDv7 ids, made where a row is born (browser or relay). Time-ordered, so newest-first
 * sorts by id work, but never used for conflict resolution. Uses only Web Crypto.
 */
import { z } from 'zod';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let lastMs = 0;
let counter = 0;

/** A new RFC 9562 version-7 UUID; monotonic within one process for the same millisecond. */
export function uuidv7(now: number = Date.now()): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	if (now <= lastMs) {
		now = lastMs;
		counter = (counter + 1) & 0xfff;
		if (counter === 0) now = ++lastMs;
	} else {
		counter = ((bytes[6] & 0x07) << 8) | bytes[7];
	}
	lastMs = now;
	for (let i = 5; i >= 0; i--) {
		bytes[i] = now % 256;
		now = Math.floor(now / 256);
	}
	bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
	bytes[7] = counter & 0xff;
	bytes[8] = 0x80 | (bytes[8] & 0x3f);
	const h = Array.from(bytes, (b) => HEX[b]).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Any RFC 4122/9562 UUID (lower or upper case). */
export const UuidSchema = z.uuid();

/** A UUID of version 7, as the idempotency key of a generation must be. */
export const Uuidv7Schema = z
	.string()
	.regex(
		/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
		'must be a UUIDv7'
	);
