import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioDB } from '../database';
import { deleteTestDB, makeTestDB } from '../../testing/factories';
import { mutate, mutateOne, MutationError } from './mutate';
import { listOutbox } from './outbox';

describe('mutate', () => {
	let sut: StudioDB;
	beforeEach(() => {
		sut = makeTestDB();
	});
	afterEach(() => deleteTestDB(sut));

	const create = (id: string, text = 'a red fox') => ({
		name: 'prompt.create' as const,
		args: { id, title: 'Fox', text }
	});

	it('writes the row and its outbox entry with gap-free mids', async () => {
		await mutate(sut, [create('p1'), create('p2', 'a blue fox')], 1000);
		await mutateOne(sut, 'prompt.patch', { id: 'p1', fields: { title: 'Red fox' } }, 2000);

		expect(await sut.prompts.get('p1')).toMatchObject({
			title: 'Red fox',
			createdAt: 1000,
			updatedAt: 2000,
			deletedAt: null
		});
		const outbox = await listOutbox(sut);
		expect(outbox.map((e) => [e.mid, e.name])).toEqual([
			[1, 'prompt.create'],
			[2, 'prompt.create'],
			[3, 'prompt.patch']
		]);
		expect(outbox[2].args).toEqual({ id: 'p1', fields: { title: 'Red fox' } });
	});

	it('leaves neither row nor outbox entry when a later mutation in the batch fails', async () => {
		await expect(
			mutate(sut, [create('p1'), { name: 'tag.add', args: { promptId: 'missing', tag: 'x' } }])
		).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});

		expect(await sut.prompts.count()).toBe(0);
		expect(await sut.outbox.count()).toBe(0);
		expect(await sut.meta.get('nextMid')).toBeUndefined();
	});

	it('leaves no row when the outbox write itself fails', async () => {
		sut.outbox.hook('creating', () => {
			throw new Error('disk said no');
		});

		await expect(mutateOne(sut, 'prompt.create', create('p1').args)).rejects.toThrow(
			'disk said no'
		);
		expect(await sut.prompts.count()).toBe(0);
	});

	it('refuses invalid arguments before writing anything', async () => {
		await expect(
			mutateOne(sut, 'prompt.create', { id: 'p1', title: ' ', text: 'x' })
		).rejects.toBeInstanceOf(MutationError);
		await expect(mutateOne(sut, 'prompt.bumpUsage', { id: 'p1', by: 0 })).rejects.toMatchObject({
			code: 'INVALID'
		});
		expect(await sut.outbox.count()).toBe(0);
	});

	it('records only the fields a patch really changes, and nothing for a no-op', async () => {
		await mutate(sut, [create('p1')]);
		await mutateOne(sut, 'prompt.patch', {
			id: 'p1',
			fields: { title: 'Fox', category: 'animals' }
		});
		await mutateOne(sut, 'prompt.patch', { id: 'p1', fields: { title: 'Fox' } });

		const outbox = await listOutbox(sut);
		expect(outbox.map((e) => e.args)).toEqual([
			expect.anything(),
			{ id: 'p1', fields: { category: 'animals' } }
		]);
	});

	it('treats tags as a set of normalised names', async () => {
		await mutate(sut, [create('p1')]);
		await mutate(sut, [
			{ name: 'tag.add', args: { promptId: 'p1', tag: ' #Night  Sky ' } },
			{ name: 'tag.add', args: { promptId: 'p1', tag: 'night sky' } },
			{ name: 'tag.add', args: { promptId: 'p1', tag: '夜景' } },
			{ name: 'tag.remove', args: { promptId: 'p1', tag: 'NIGHT SKY' } }
		]);

		expect((await sut.prompts.get('p1'))?.tags).toEqual(['夜景']);
		expect((await listOutbox(sut)).map((e) => e.name)).toEqual([
			'prompt.create',
			'tag.add',
			'tag.add',
			'tag.remove'
		]);
	});

	it('lets delete win until restore, and hides emptied trash without dropping the tombstone', async () => {
		await mutate(sut, [create('p1')]);
		await mutateOne(sut, 'prompt.delete', { id: 'p1' }, 5000);

		await expect(
			mutateOne(sut, 'prompt.patch', { id: 'p1', fields: { title: 'x' } })
		).rejects.toMatchObject({ code: 'DELETED' });
		await expect(mutateOne(sut, 'prompt.bumpUsage', { id: 'p1', by: 1 })).rejects.toMatchObject({
			code: 'DELETED'
		});

		await mutateOne(sut, 'prompt.discard', { id: 'p1' }, 6000);
		expect(await sut.prompts.get('p1')).toMatchObject({ deletedAt: 5000, discardedAt: 6000 });

		await mutateOne(sut, 'prompt.restore', { id: 'p1' }, 7000);
		expect(await sut.prompts.get('p1')).toMatchObject({ deletedAt: null, discardedAt: null });
	});

	it('adds usage increments instead of overwriting the count', async () => {
		await mutate(sut, [create('p1')]);
		await mutateOne(sut, 'prompt.bumpUsage', { id: 'p1', by: 1 });
		await mutateOne(sut, 'prompt.bumpUsage', { id: 'p1', by: 3 });

		expect((await sut.prompts.get('p1'))?.usageCount).toBe(4);
	});

	it('applies a long run of creates in order, with one outbox entry each', async () => {
		const many = Array.from({ length: 120 }, (_, i) => create(`p${i}`, `fox ${i}`));
		await mutate(
			sut,
			[...many, { name: 'prompt.create', args: { id: 'p3', title: 'Fox again', text: 'fox 3' } }],
			1000
		);

		expect(await sut.prompts.count()).toBe(120);
		expect((await sut.prompts.get('p3'))?.title).toBe('Fox again');
		const outbox = await listOutbox(sut);
		expect(outbox.map((e) => e.mid)).toEqual(Array.from({ length: 121 }, (_, i) => i + 1));
		expect(await sut.meta.get('nextMid')).toEqual({ key: 'nextMid', value: 122 });
	});

	it('treats creating an existing id as a patch that keeps the usage count', async () => {
		await mutate(sut, [create('p1')]);
		await mutateOne(sut, 'prompt.bumpUsage', { id: 'p1', by: 2 });
		await mutateOne(sut, 'prompt.create', {
			id: 'p1',
			title: 'Fox 2',
			text: 'a red fox',
			usageCount: 0
		});

		expect(await sut.prompts.get('p1')).toMatchObject({ title: 'Fox 2', usageCount: 2 });
	});
});
