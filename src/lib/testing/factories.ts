/**
 * Test data builders with explicit overrides (`makeImage({ prompt })`) and a fresh database per
 * test. Imported by tests only.
 */
import { StudioDB } from '../db/database';
import { uuidv7 } from '../shared/ids';
import type { ImageRow, PromptRow } from '../shared/schemas/rows';

let dbCounter = 0;

/** A new, empty StudioDB on fake-indexeddb; call `deleteTestDB` after the test. */
export function makeTestDB(): StudioDB {
	dbCounter += 1;
	return new StudioDB(`nbs-test-${dbCounter}-${uuidv7()}`);
}

/** Closes and deletes a database made by {@link makeTestDB}. */
export async function deleteTestDB(db: StudioDB): Promise<void> {
	db.close();
	await db.delete();
}

/** Bytes that differ by `seed`, e.g. for blob tests. */
export function makeBytes(seed: number, length = 64): ArrayBuffer {
	const bytes = new Uint8Array(length);
	for (let i = 0; i < length; i++) bytes[i] = (seed * 31 + i * 7) % 256;
	return bytes.buffer;
}

/** An image row; override what the test is about. */
export function makeImage(overrides: Partial<ImageRow> = {}): ImageRow {
	const now = overrides.createdAt ?? 1_700_000_000_000;
	return {
		id: uuidv7(now),
		generationId: null,
		outputIndex: 0,
		sha256: 'a'.repeat(64),
		thumbSha256: 'b'.repeat(64),
		width: 1024,
		height: 1024,
		mime: 'image/png',
		bytes: 1000,
		rating: 0,
		model: 'demo/sketch',
		prompt: 'a banana',
		params: { aspectRatio: '1:1' },
		sourceHashes: [],
		price: 1,
		favourite: false,
		createdAt: now,
		updatedAt: now,
		deletedAt: null,
		...overrides
	};
}

/** A prompt row; override what the test is about. */
export function makePrompt(overrides: Partial<PromptRow> = {}): PromptRow {
	const now = overrides.createdAt ?? 1_700_000_000_000;
	return {
		id: uuidv7(now),
		title: 'A prompt',
		text: 'a banana on a table',
		negativePrompt: '',
		category: '',
		tags: [],
		favourite: false,
		usageCount: 0,
		model: null,
		params: null,
		lastUsedAt: null,
		discardedAt: null,
		createdAt: now,
		updatedAt: now,
		deletedAt: null,
		...overrides
	};
}
