/**
 * RELIABILITY §7.2 fault: the disk is full when a generated image is written. The generation fails
 * with a clear message and is refunded, and no image or blob row points at bytes that were never
 * written. (The fault is injected at the blob store boundary: an ENOSPC from its write.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { uuidv7 } from '#shared/ids';
import { assertInvariants } from '../testing/invariants';
import { startTestRelay, type TestRelay } from '../testing/test-relay';
import { rowsOf } from '../db/rows';

describe('disk full on blob write', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay({ STARTING_CREDITS: '10' });
	});
	afterAll(() => relay.close());

	const count = async (table: string) => {
		return rowsOf<{ n: number }>(
			await relay.deps.db.execute(sql.raw(`select count(*)::int as n from ${table}`))
		)[0].n;
	};

	it('fails and refunds the generation with a clear error, leaving no row for a missing blob', async () => {
		const { user, caller } = await relay.signUp();
		const store = relay.deps.blobStore;
		const put = store.put.bind(store);
		store.put = async () => {
			throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
		};
		const blobsBefore = await count('blobs');
		try {
			const id = uuidv7();
			await caller.generate.submit({
				id,
				model: 'demo/sketch',
				prompt: 'disk full',
				params: { aspectRatio: '1:1' },
				sourceHashes: []
			});
			const status = await relay.waitForGeneration(caller, id);
			expect(status.status).toBe('failed');
			expect(status.error?.message).toMatch(/disk is full/);
			expect(status.images).toEqual([]);
		} finally {
			store.put = put;
		}
		expect((await relay.user(user.id)).credits).toBe(10);
		expect(await count('images')).toBe(0);
		expect(await count('blobs')).toBe(blobsBefore);
		expect(relay.logs.some((l) => l.includes('relay disk is full'))).toBe(true);
		await assertInvariants(relay.deps.db, { idle: true });

		// Room again: the next generation works.
		const next = uuidv7();
		await caller.generate.submit({
			id: next,
			model: 'demo/sketch',
			prompt: 'room again',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		expect((await relay.waitForGeneration(caller, next)).status).toBe('done');
	});
});
