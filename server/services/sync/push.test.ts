import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { SYNC_SCHEMA_VERSION } from '#shared/schemas/sync';
import { CLIENT_HEADER } from '#shared/protocol';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';
import { httpClient } from '../../testing/http-client';
import { latest, newPrompt, testDevice } from '../../testing/sync-kit';
import { logOf } from '../../db/repositories/sync/clients.repository';

const rowOf = async (device: ReturnType<typeof testDevice>, entity: string, id: string) => {
	const { changes } = await device.pullAll();
	const change = latest(changes).get(`${entity}/${id}`);
	return change && 'row' in change ? change.row : change;
};

describe('sync.push', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	it('applies a mutation once when the same mid is pushed twice', async () => {
		const { caller } = await relay.signUp();
		const sut = testDevice(caller);
		const prompt = newPrompt();
		expect(await sut.push('prompt.create', prompt)).toMatchObject({
			status: 'ok',
			lastMid: 1,
			rejected: []
		});
		sut.nextMid = 1;
		await sut.push('prompt.bumpUsage', { id: prompt.id, by: 1 });
		const again = await caller.sync.push({
			clientId: sut.clientId,
			schemaVersion: SYNC_SCHEMA_VERSION,
			mutations: [{ mid: 1, name: 'prompt.bumpUsage', args: { id: prompt.id, by: 1 } }]
		});
		expect(again).toMatchObject({ status: 'ok', lastMid: 1 });
		expect(await rowOf(sut, 'prompt', prompt.id)).toMatchObject({ usageCount: 0, title: 'Fox' });
		expect(await logOf(relay.deps.db, sut.clientId)).toHaveLength(1);
	});

	it('answers gap with lastMid and applies nothing when a mid is skipped', async () => {
		const { caller } = await relay.signUp();
		const sut = testDevice(caller);
		await sut.push('prompt.create', newPrompt());
		sut.nextMid = 3;
		expect(await sut.push('prompt.create', newPrompt())).toEqual({ status: 'gap', lastMid: 1 });
		const { changes } = await sut.pullAll();
		expect(changes.filter((c) => c.entity === 'prompt')).toHaveLength(1);
	});

	it('records a refusal and still moves lastMid when a mutation fails for good', async () => {
		const { caller } = await relay.signUp();
		const sut = testDevice(caller);
		const refused = await sut.push('prompt.patch', { id: 'nope', fields: { title: 'x' } });
		expect(refused).toMatchObject({
			status: 'ok',
			lastMid: 1,
			rejected: [{ mid: 1, code: 'NOT_FOUND' }]
		});
		expect(await sut.push('no.such', {})).toMatchObject({
			lastMid: 2,
			rejected: [{ code: 'UNKNOWN_MUTATION' }]
		});
		expect(await sut.push('prompt.create', { id: 'x' })).toMatchObject({
			lastMid: 3,
			rejected: [{ code: 'INVALID' }]
		});
		expect(await sut.push('prompt.create', newPrompt())).toMatchObject({
			lastMid: 4,
			rejected: []
		});
		const log = await logOf(relay.deps.db, sut.clientId);
		expect(log.map((l) => l.status)).toEqual(['rejected', 'rejected', 'rejected', 'ok']);
		expect((await sut.pull(0)).reset === false && (await sut.pull(0))).toMatchObject({
			lastMid: 4
		});
	});

	it('keeps the rest of a batch when one mutation in it is refused', async () => {
		const { caller } = await relay.signUp();
		const sut = testDevice(caller);
		const [a, b] = [newPrompt(), newPrompt()];
		const result = await sut.pushMany([
			{ name: 'prompt.create', args: a },
			{ name: 'prompt.patch', args: { id: a.id, fields: { title: '' } } },
			{ name: 'tag.add', args: { promptId: 'missing', tag: 'x' } },
			{ name: 'prompt.create', args: b }
		]);
		expect(result).toMatchObject({
			status: 'ok',
			lastMid: 4,
			rejected: [
				{ mid: 2, code: 'INVALID' },
				{ mid: 3, code: 'NOT_FOUND' }
			]
		});
		const { changes } = await sut.pullAll();
		expect(
			changes
				.filter((c) => c.entity === 'prompt')
				.map((c) => c.id)
				.sort()
		).toEqual([a.id, b.id].sort());
	});

	it('undoes only the broken mutation when the database refuses one mid-batch', async () => {
		const { caller } = await relay.signUp();
		const sut = testDevice(caller);
		const [a, b, c] = [newPrompt(), newPrompt({ text: 'nul \u0000 byte' }), newPrompt()];
		const result = await sut.pushMany([a, b, c].map((args) => ({ name: 'prompt.create', args })));
		expect(result).toMatchObject({
			status: 'ok',
			lastMid: 3,
			rejected: [{ mid: 2, code: 'INVALID' }]
		});
		const { changes } = await sut.pullAll();
		expect(changes.map((ch) => ch.id).sort()).toEqual([a.id, c.id].sort());
		expect((await logOf(relay.deps.db, sut.clientId)).map((l) => l.status)).toEqual([
			'ok',
			'rejected',
			'ok'
		]);
	});

	it('refuses with 403 when the client id belongs to another user', async () => {
		const owner = await relay.signUp();
		const other = await relay.signUp();
		const clientId = uuidv7();
		await testDevice(owner.caller, clientId).push('prompt.create', newPrompt());
		const sut = testDevice(other.caller, clientId);
		await expect(sut.push('prompt.create', newPrompt())).rejects.toMatchObject({
			code: 'FORBIDDEN',
			cause: { detail: { code: 'CLIENT_OF_OTHER_USER' } }
		});
		await expect(sut.pull(0)).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('answers HTTP 426 when the client speaks a schema outside the window', async () => {
		const url = await relay.listen();
		const { client, cookie } = httpClient(url);
		await client.auth.register.mutate({
			email: `old-${uuidv7().slice(-8)}@example.test`,
			password: 'correct horse battery'
		});
		const input = {
			clientId: uuidv7(),
			schemaVersion: 0,
			mutations: [{ mid: 1, name: 'prompt.create', args: newPrompt() }]
		};
		const res = await fetch(`${url}/trpc/sync.push`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1', cookie: cookie() },
			body: JSON.stringify(input)
		});
		expect(res.status).toBe(426);
		expect(await res.json()).toMatchObject({
			error: { data: { errorCode: 'CLIENT_TOO_OLD', retryable: false } }
		});
		const pull = client.sync.pull.query({ clientId: uuidv7(), schemaVersion: 99, cursor: 0 });
		await expect(pull).rejects.toMatchObject({
			data: { errorCode: 'CLIENT_TOO_OLD', httpStatus: 426 }
		});
	});
});
