import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';

describe('blobs.thumbnails', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	it('sends the owner the thumbnail bytes of their images in one answer and nobody else anything', async () => {
		const owner = await relay.signUp();
		const stranger = await relay.signUp();
		const ids = [uuidv7(), uuidv7()];
		for (const id of ids)
			await owner.caller.generate.submit({
				id,
				model: 'demo/sketch',
				prompt: `thumb ${id}`,
				params: { aspectRatio: '1:1' },
				sourceHashes: []
			});
		const statuses = await Promise.all(ids.map((id) => relay.waitForGeneration(owner.caller, id)));
		const thumbs = statuses.map((s) => s.images[0].thumbSha256);
		const originals = statuses.map((s) => s.images[0].sha256);

		const batch = await owner.caller.blobs.thumbnails({ hashes: [...thumbs, 'f'.repeat(64)] });

		expect(batch.map((b) => b.sha256).sort()).toEqual([...thumbs].sort());
		for (const blob of batch) {
			expect(createHash('sha256').update(Buffer.from(blob.base64, 'base64')).digest('hex')).toBe(
				blob.sha256
			);
			expect(blob.mime).toBe('image/webp');
		}
		expect(await stranger.caller.blobs.thumbnails({ hashes: thumbs })).toEqual([]);
		// Nor any other blob of the owner's.
		expect(await stranger.caller.blobs.thumbnails({ hashes: originals })).toEqual([]);
	});

	it('refuses more than a batch of hashes', async () => {
		const { caller } = await relay.signUp();
		await expect(
			caller.blobs.thumbnails({
				hashes: Array.from({ length: 49 }, (_, i) => i.toString(16).padStart(64, '0'))
			})
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
	});
});
