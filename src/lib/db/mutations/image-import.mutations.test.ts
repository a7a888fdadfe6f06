import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import { deleteTestDB, makeTestDB } from '../../testing/factories';
import type { StudioDB } from '../database';
import { listImages } from '../image.repository';
import { mutateOne, mutationTargets } from './mutate';
import { listOutbox } from './outbox';

const hash = (c: string) => c.repeat(64);
const importArgs = (overrides: Record<string, unknown> = {}) => ({
	id: uuidv7(),
	sha256: hash('a'),
	thumbSha256: hash('b'),
	width: 1024,
	height: 768,
	mime: 'image/png' as const,
	bytes: 123_456,
	prompt: 'a lighthouse at dusk',
	model: 'sd_xl_base_1.0',
	params: { aspectRatio: '4:3' as const, seed: 7 },
	...overrides
});

describe('image.import (client)', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	it('adds the imported image to the gallery at once and records it for sync', async () => {
		const args = importArgs({ createdAt: 1_700_000_000_000 });
		const { mids } = await mutateOne(sut, 'image.import', args, 1_800_000_000_000);

		expect(mids).toHaveLength(1);
		expect(await listImages(sut)).toMatchObject([
			{
				id: args.id,
				generationId: null,
				prompt: 'a lighthouse at dusk',
				model: 'sd_xl_base_1.0',
				width: 1024,
				favourite: false,
				createdAt: 1_700_000_000_000,
				deletedAt: null
			}
		]);
		expect(await listOutbox(sut)).toMatchObject([
			{
				name: 'image.import',
				args: { id: args.id, sha256: hash('a'), createdAt: 1_700_000_000_000 }
			}
		]);
		expect(mutationTargets('image.import', args)).toEqual([{ entity: 'image', id: args.id }]);
	});

	it('never dates an import after the moment it happened', async () => {
		const args = importArgs({ createdAt: 2_000_000_000_000 });
		await mutateOne(sut, 'image.import', args, 1_800_000_000_000);
		expect((await sut.images.get(args.id))?.createdAt).toBe(1_800_000_000_000);
	});

	it('records nothing for an id already there (a resend, or the rebase over the relay’s row)', async () => {
		const args = importArgs();
		await mutateOne(sut, 'image.import', args);
		expect((await mutateOne(sut, 'image.import', args)).mids).toEqual([]);
		expect(await listOutbox(sut)).toHaveLength(1);
	});

	it('refuses bytes already in the gallery and bad arguments, writing nothing', async () => {
		await mutateOne(sut, 'image.import', importArgs());
		await expect(mutateOne(sut, 'image.import', importArgs())).rejects.toMatchObject({
			code: 'INVALID',
			message: expect.stringMatching(/already in the gallery/)
		});
		await expect(
			mutateOne(sut, 'image.import', importArgs({ sha256: 'nope', id: uuidv7() }))
		).rejects.toMatchObject({ code: 'INVALID' });
		await expect(
			mutateOne(sut, 'image.import', importArgs({ sha256: hash('c'), mime: 'image/gif' }))
		).rejects.toMatchObject({ code: 'INVALID' });
		expect(await listImages(sut)).toHaveLength(1);
		expect(await listOutbox(sut)).toHaveLength(1);
	});
});
