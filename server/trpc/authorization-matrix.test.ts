/**
 * RELIABILITY §7.4: every procedure × {anonymous, user A, user B (not the owner), admin}. The list of
 * procedures is read from the router, so a new procedure without an entry here fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { appRouter } from './router';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';

type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';
type Role = 'anonymous' | 'owner' | 'other' | 'admin';
interface Entry {
	/** Calls the procedure; `resource` is a generation id owned by the owner. */
	call: (caller: Caller, resource: string) => Promise<unknown>;
	expect: Record<Role, Outcome>;
}

const PUBLIC: Record<Role, Outcome> = { anonymous: 'ok', owner: 'ok', other: 'ok', admin: 'ok' };
const AUTHED: Record<Role, Outcome> = {
	anonymous: 'UNAUTHORIZED',
	owner: 'ok',
	other: 'ok',
	admin: 'ok'
};
const OWNED: Record<Role, Outcome> = {
	anonymous: 'UNAUTHORIZED',
	owner: 'ok',
	other: 'NOT_FOUND',
	admin: 'NOT_FOUND'
};

const ADMIN: Record<Role, Outcome> = {
	anonymous: 'UNAUTHORIZED',
	owner: 'FORBIDDEN',
	other: 'FORBIDDEN',
	admin: 'ok'
};
const unknownId = '01900000-0000-7000-8000-000000000000';
/** Admin calls whose target does not exist answer NOT_FOUND only after the role check passed. */
const okIfNotFound = (p: Promise<unknown>) =>
	p.catch((e: { code?: string }) => (e.code === 'NOT_FOUND' ? null : Promise.reject(e)));

const MATRIX: Record<string, Entry> = {
	'admin.users.list': { call: (c) => c.admin.users.list({}), expect: ADMIN },
	'admin.users.setDisabled': {
		call: (c) => okIfNotFound(c.admin.users.setDisabled({ userId: unknownId, disabled: false })),
		expect: ADMIN
	},
	'admin.users.setLimits': {
		call: (c) =>
			okIfNotFound(
				c.admin.users.setLimits({ userId: unknownId, ratePerMinute: null, maxInFlight: null })
			),
		expect: ADMIN
	},
	'admin.credits.adjust': {
		call: (c) =>
			okIfNotFound(c.admin.credits.adjust({ userId: unknownId, amount: 1, reason: 'matrix' })),
		expect: ADMIN
	},
	'admin.codes.create': { call: (c) => c.admin.codes.create({ credits: 1 }), expect: ADMIN },
	'admin.codes.list': { call: (c) => c.admin.codes.list({}), expect: ADMIN },
	'admin.codes.disable': {
		call: (c) => okIfNotFound(c.admin.codes.disable({ id: unknownId })),
		expect: ADMIN
	},
	'admin.presets.create': {
		call: (c) =>
			c.admin.presets.create({
				title: 'Matrix',
				text: 'matrix preset',
				negativePrompt: '',
				category: '',
				tags: [],
				model: null
			}),
		expect: ADMIN
	},
	'admin.presets.update': {
		call: (c) => okIfNotFound(c.admin.presets.update({ id: unknownId, title: 'x' })),
		expect: ADMIN
	},
	'admin.presets.delete': {
		call: (c) => okIfNotFound(c.admin.presets.delete({ id: unknownId })),
		expect: ADMIN
	},
	'admin.presets.import': {
		call: (c) =>
			c.admin.presets.import({
				presets: [
					{
						title: 'Matrix pack',
						text: 'matrix {prompt}',
						negativePrompt: '',
						category: '',
						tags: [],
						model: null
					}
				]
			}),
		expect: ADMIN
	},
	'admin.presets.reorder': {
		call: (c) => c.admin.presets.reorder({ ids: [unknownId] }),
		expect: ADMIN
	},
	'admin.settings.get': { call: (c) => c.admin.settings.get(), expect: ADMIN },
	'admin.settings.update': { call: (c) => c.admin.settings.update({}), expect: ADMIN },
	'admin.stats': { call: (c) => c.admin.stats({ days: 7 }), expect: ADMIN },
	'credits.redeem': {
		// An unknown code still proves the caller got past authentication.
		call: (c) =>
			c.credits
				.redeem({ code: 'NO-SUCH-CODE' })
				.catch((e: { code?: string }) => (e.code === 'NOT_FOUND' ? null : Promise.reject(e))),
		expect: AUTHED
	},
	'apiKeys.list': { call: (c) => c.apiKeys.list(), expect: AUTHED },
	'apiKeys.create': { call: (c) => c.apiKeys.create({ name: 'matrix' }), expect: AUTHED },
	// Another user's key id reads as absent; the api-keys tests show a foreign key is never revoked.
	'apiKeys.revoke': {
		call: (c) => okIfNotFound(c.apiKeys.revoke({ id: unknownId })),
		expect: AUTHED
	},
	'auth.register': {
		call: (c) =>
			c.auth.register({
				email: `m-${uuidv7().slice(-12)}@example.test`,
				password: 'long password'
			}),
		expect: PUBLIC
	},
	'auth.signIn': {
		call: (c) => c.auth.signIn({ email: 'nobody@example.test', password: 'x' }).catch(() => null),
		expect: PUBLIC
	},
	'auth.signOut': { call: (c) => c.auth.signOut(), expect: AUTHED },
	'auth.me': { call: (c) => c.auth.me(), expect: PUBLIC },
	'blobs.missing': { call: (c) => c.blobs.missing({ hashes: ['0'.repeat(64)] }), expect: AUTHED },
	'blobs.thumbnails': {
		call: (c) => c.blobs.thumbnails({ hashes: ['0'.repeat(64)] }),
		expect: AUTHED
	},
	'credits.ledger': { call: (c) => c.credits.ledger({}), expect: AUTHED },
	'generate.models': { call: (c) => c.generate.models(), expect: AUTHED },
	'generate.submit': {
		call: (c) =>
			c.generate.submit({
				id: uuidv7(),
				model: 'demo/sketch',
				prompt: 'matrix',
				params: { aspectRatio: '1:1' },
				sourceHashes: []
			}),
		expect: AUTHED
	},
	// Sync data is partitioned by user: another user's ids read as absent (tombstones), never as rows.
	'sync.push': {
		call: (c) =>
			c.sync.push({
				clientId: uuidv7(),
				schemaVersion: 1,
				mutations: [{ mid: 1, name: 'prompt.bumpUsage', args: { id: 'x', by: 1 } }]
			}),
		expect: AUTHED
	},
	'sync.pull': {
		call: (c) => c.sync.pull({ clientId: uuidv7(), schemaVersion: 1, cursor: 0 }),
		expect: AUTHED
	},
	'sync.poke': {
		call: async (c) => {
			const iterator = ((await c.sync.poke(undefined)) as AsyncIterable<unknown>)[
				Symbol.asyncIterator
			]();
			await iterator.next();
			await iterator.return?.();
		},
		expect: AUTHED
	},
	'sync.revisions': { call: (c) => c.sync.revisions({ promptId: 'x' }), expect: AUTHED },
	'sync.rows': {
		call: async (c, id) => {
			const [row] = (
				await c.sync.rows({
					clientId: '00000000-0000-7000-8000-000000000001',
					schemaVersion: 1,
					refs: [{ entity: 'jobItem', id }]
				})
			).changes;
			if ('deleted' in row) throw Object.assign(new Error('not found'), { code: 'NOT_FOUND' });
			return row;
		},
		expect: OWNED
	},
	'presets.list': { call: (c) => c.presets.list(), expect: AUTHED },
	'generate.status': { call: (c, id) => c.generate.status({ id }), expect: OWNED },
	// Unknown and foreign ids are both left out of the answer: nothing about others leaks.
	'generate.statuses': {
		call: async (c, id) => {
			const found = await c.generate.statuses({ ids: [id] });
			if (found.length === 0) throw Object.assign(new Error('not found'), { code: 'NOT_FOUND' });
			return found;
		},
		expect: OWNED
	}
};

describe('authorization matrix', () => {
	let relay: TestRelay;
	let callers: Record<Role, () => Caller>;
	let resource: string;
	beforeAll(async () => {
		relay = await startTestRelay({ RATE_LIMIT_PER_MINUTE: '1000' });
		const admin = await relay.signUp('admin@example.test');
		const owner = await relay.signUp('owner@example.test');
		const other = await relay.signUp('other@example.test');
		expect(admin.user.role).toBe('admin');
		resource = uuidv7();
		await owner.caller.generate.submit({
			id: resource,
			model: 'demo/sketch',
			prompt: 'owned',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		// The same id as a synced job item of the owner (sync.rows).
		const job = {
			id: uuidv7(),
			name: 'm',
			model: 'demo/sketch',
			params: { aspectRatio: '1:1' },
			concurrency: 1,
			kind: 'single',
			order: 0,
			createdAt: 1,
			items: [{ id: resource, index: 0, prompt: 'owned' }]
		};
		await owner.caller.sync.push({
			clientId: uuidv7(),
			schemaVersion: 1,
			mutations: [{ mid: 1, name: 'job.create', args: job }]
		});
		callers = {
			anonymous: () => relay.caller(null),
			owner: () => relay.caller(owner.user),
			other: () => relay.caller(other.user),
			admin: () => relay.caller(admin.user)
		};
	});
	afterAll(() => relay.close());

	it('has an entry for every procedure in the router', () => {
		const procedures = Object.keys(appRouter._def.procedures).sort();
		expect(Object.keys(MATRIX).sort()).toEqual(procedures);
	});

	for (const [path, entry] of Object.entries(MATRIX)) {
		for (const role of ['anonymous', 'owner', 'other', 'admin'] as const) {
			it(`${path} as ${role} → ${entry.expect[role]}`, async () => {
				const outcome = await entry.call(callers[role](), resource).then(
					() => 'ok',
					(error: { code?: string }) => error.code ?? 'error'
				);
				expect(outcome).toBe(entry.expect[role]);
			});
		}
	}
});
