import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { storeBlob } from '../../blobs/store-blob';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';
import { latest, testDevice, type TestDevice } from '../../testing/sync-kit';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('image.import on the relay', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	/** A user with an uploaded original and thumbnail (what PUT /blob leaves behind). */
	async function userWithUpload(seed: string) {
		const { user, caller } = await relay.signUp();
		const original = new TextEncoder().encode(`original ${seed} ${uuidv7()}`);
		const thumb = new TextEncoder().encode(`thumb ${seed} ${uuidv7()}`);
		const now = Date.now();
		await storeBlob(
			relay.deps,
			{ sha256: sha(original), bytes: original, mime: 'image/png', width: 640, height: 480 },
			user.id,
			now
		);
		await storeBlob(
			relay.deps,
			{ sha256: sha(thumb), bytes: thumb, mime: 'image/webp', width: 256, height: 192 },
			user.id,
			now
		);
		return {
			device: testDevice(caller),
			original: sha(original),
			thumb: sha(thumb),
			originalBytes: original.byteLength
		};
	}

	const importArgs = (original: string, thumb: string, extra: Record<string, unknown> = {}) => ({
		id: uuidv7(),
		sha256: original,
		thumbSha256: thumb,
		width: 1,
		height: 1,
		mime: 'image/png',
		bytes: 1,
		prompt: 'a lighthouse at dusk',
		model: 'sd_xl_base_1.0',
		params: { aspectRatio: '4:3', seed: 42 },
		...extra
	});

	async function imageRows(device: TestDevice) {
		const changes = [...latest((await device.pullAll()).changes).values()];
		return changes
			.filter((c) => c.entity === 'image' && 'row' in c)
			.map((c) => (c as { row: Record<string, unknown> }).row);
	}

	it('adds the imported image to every device, with size and type from the relay’s own records', async () => {
		const { device, original, thumb, originalBytes } = await userWithUpload('a');
		const args = importArgs(original, thumb);
		expect(await device.push('image.import', args)).toMatchObject({ rejected: [] });
		expect(await device.push('image.import', args)).toMatchObject({ rejected: [] }); // a resend changes nothing
		const rows = await imageRows(device);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			id: args.id,
			generationId: null,
			sha256: original,
			thumbSha256: thumb,
			width: 640,
			height: 480,
			bytes: originalBytes,
			prompt: 'a lighthouse at dusk',
			model: 'sd_xl_base_1.0',
			params: { aspectRatio: '4:3', seed: 42 },
			price: 0
		});
	});

	it('refuses the same bytes twice, and bad arguments, changing nothing', async () => {
		const { device, original, thumb } = await userWithUpload('b');
		await device.push('image.import', importArgs(original, thumb));
		expect(await device.push('image.import', importArgs(original, thumb))).toMatchObject({
			rejected: [{ code: 'CONFLICT', message: expect.stringMatching(/already in the gallery/) }]
		});
		const bad = await device.push(
			'image.import',
			importArgs(original, 'not-a-hash', { width: -3 })
		);
		expect(bad).toMatchObject({
			rejected: [{ code: 'INVALID', message: expect.stringMatching(/thumbSha256|sha256/) }]
		});
		expect(await imageRows(device)).toHaveLength(1);
	});

	it("refuses another user's blob and bytes never uploaded", async () => {
		const alice = await userWithUpload('alice');
		const bob = await userWithUpload('bob');
		const stolen = await bob.device.push('image.import', importArgs(alice.original, bob.thumb));
		expect(stolen).toMatchObject({
			rejected: [{ code: 'NOT_FOUND', message: expect.stringMatching(/not on the relay/) }]
		});
		const never = await bob.device.push('image.import', importArgs('c'.repeat(64), 'd'.repeat(64)));
		expect(never).toMatchObject({ rejected: [{ code: 'NOT_FOUND' }] });
		expect(await imageRows(bob.device)).toHaveLength(0);
	});

	it("refuses an id that is another user's image", async () => {
		const alice = await userWithUpload('alice2');
		const bob = await userWithUpload('bob2');
		const args = importArgs(alice.original, alice.thumb);
		await alice.device.push('image.import', args);
		const taken = await bob.device.push('image.import', {
			...importArgs(bob.original, bob.thumb),
			id: args.id
		});
		expect(taken).toMatchObject({ rejected: [{ code: 'CONFLICT' }] });
		expect(await imageRows(bob.device)).toHaveLength(0);
		expect(await imageRows(alice.device)).toMatchObject([{ prompt: 'a lighthouse at dusk' }]);
	});
});
