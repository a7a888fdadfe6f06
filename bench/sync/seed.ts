/**
 * Seeds one account for the first-sync figure, in the relay's own runtime: prompts through the
 * real `sync.push` router (batches of 200), then image rows with distinct small WebP thumbnails
 * made by sharp, stored like a generation stores them (blob store + recordBlob + insertImages).
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { uuidv7 } from '#shared/ids';
import { SYNC_SCHEMA_VERSION } from '#shared/schemas/sync';
import type { Runtime } from '../../server/bootstrap';
import { recordBlob } from '../../server/db/repositories/blobs.repository';
import { insertImages } from '../../server/db/repositories/generations.repository';
import { findUserById, type UserRow } from '../../server/db/repositories/users.repository';
import { createContextInner } from '../../server/trpc/context';
import { createCallerFactory } from '../../server/trpc/init';
import { appRouter } from '../../server/trpc/router';
import { PASSWORD, PUSH_BATCH } from './config';

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const WORDS = [
	'lighthouse',
	'fox',
	'harbour',
	'watercolour',
	'dusk',
	'neon',
	'forest',
	'glass',
	'portrait',
	'isometric',
	'misty',
	'cinematic'
];

/** A registered account and a caller signed in as it. */
export async function registerAccount(
	runtime: Runtime,
	label: string
): Promise<{ user: UserRow; caller: Caller; email: string }> {
	const email = `bench-${label}-${uuidv7().slice(-12)}@example.test`;
	const me = await createCaller(
		createContextInner({ deps: runtime.deps, user: null })
	).auth.register({ email, password: PASSWORD });
	const user = (await findUserById(runtime.deps.db, me.id))!;
	return { user, caller: createCaller(createContextInner({ deps: runtime.deps, user })), email };
}

/** `prompt.create` arguments of the i-th bench prompt (about 150 characters of text, two tags). */
export function benchPrompt(i: number) {
	const pick = (k: number) => WORDS[(i * 7 + k * 5) % WORDS.length];
	return {
		id: uuidv7(),
		title: `${pick(0)} ${pick(1)} #${i}`,
		text: `A ${pick(2)} ${pick(3)} scene of a ${pick(4)} ${pick(5)}, soft light, detailed, wide angle, muted palette, film grain, number ${i} of the bench library`,
		tags: [pick(6), pick(7)]
	};
}

/** Pushes mutations through the real router in batches of 200, under consecutive mids; returns the seconds it took. */
export async function pushAll(
	caller: Caller,
	mutations: { name: string; args: unknown }[]
): Promise<number> {
	const clientId = uuidv7();
	let mid = 1;
	const started = performance.now();
	for (let i = 0; i < mutations.length; i += PUSH_BATCH) {
		const batch = mutations
			.slice(i, i + PUSH_BATCH)
			.map((m) => ({ mid: mid++, name: m.name, args: m.args }));
		const result = await caller.sync.push({
			clientId,
			schemaVersion: SYNC_SCHEMA_VERSION,
			mutations: batch
		});
		if (result.status !== 'ok' || result.rejected.length)
			throw new Error(`bench push refused: ${JSON.stringify(result).slice(0, 300)}`);
	}
	return (performance.now() - started) / 1000;
}

/** A distinct 256×256 WebP (a two-colour gradient with a block, seeded by `i`), about the size of a real thumbnail. */
async function thumbnail(i: number): Promise<Uint8Array> {
	const size = 256;
	const raw = Buffer.alloc(size * size * 3);
	const a = [(i * 37) % 256, (i * 91) % 256, (i * 53) % 256];
	const b = [(i * 11 + 128) % 256, (i * 29 + 64) % 256, (i * 71 + 32) % 256];
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const t = (x + y) / (2 * size);
			const block = x > i % 200 && x < (i % 200) + 40 && y > 100 && y < 160;
			const noise = ((x * 13 + y * 7 + i) % 17) - 8;
			for (let c = 0; c < 3; c++)
				raw[(y * size + x) * 3 + c] = block
					? 255 - a[c]
					: Math.max(0, Math.min(255, a[c] * (1 - t) + b[c] * t + noise));
		}
	}
	return new Uint8Array(
		await sharp(raw, { raw: { width: size, height: size, channels: 3 } })
			.webp({ quality: 78 })
			.toBuffer()
	);
}

/**
 * Inserts `count` image rows for `userId`, each with its own thumbnail and original (a PNG of the
 * same pixels) in the blob store. Returns the average thumbnail size in bytes.
 */
export async function seedImages(runtime: Runtime, userId: string, count: number): Promise<number> {
	const { db, blobStore } = runtime.deps;
	let thumbBytes = 0;
	for (let start = 0; start < count; start += PUSH_BATCH) {
		const rows = [];
		for (let i = start; i < Math.min(count, start + PUSH_BATCH); i++) {
			const thumb = await thumbnail(i);
			const original = new Uint8Array(await sharp(thumb).png({ compressionLevel: 1 }).toBuffer());
			const [thumbSha, originalSha] = [sha256(thumb), sha256(original)];
			const now = Date.now();
			await blobStore.put(thumbSha, thumb);
			await blobStore.put(originalSha, original);
			await recordBlob(db, {
				sha256: thumbSha,
				bytesLen: thumb.byteLength,
				mime: 'image/webp',
				width: 256,
				height: 256,
				userId,
				now
			});
			await recordBlob(db, {
				sha256: originalSha,
				bytesLen: original.byteLength,
				mime: 'image/png',
				width: 256,
				height: 256,
				userId,
				now
			});
			thumbBytes += thumb.byteLength;
			rows.push({
				id: uuidv7(),
				userId,
				sha256: originalSha,
				thumbSha256: thumbSha,
				width: 256,
				height: 256,
				mime: 'image/png',
				bytes: original.byteLength,
				model: 'demo/fast',
				prompt: benchPrompt(i).text,
				params: { aspectRatio: '1:1' },
				sourceHashes: [],
				price: 1,
				createdAt: now,
				updatedAt: now
			});
		}
		await insertImages(db, rows);
	}
	return thumbBytes / Math.max(1, count);
}
