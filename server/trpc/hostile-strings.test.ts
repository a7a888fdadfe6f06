/**
 * Hostile text at every string of every procedure (issue 12, RELIABILITY §7.5). The procedure list
 * comes from the router, so a new procedure without a sample input fails here; each sample's string
 * values and object keys are swapped one at a time for NUL, lone surrogates, an RTL override and a
 * 1 MB string. Every answer is a typed 4xx or a success, never a 500; NUL and lone surrogates are
 * refused naming the field, and nothing in the database changes on those refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER } from '#shared/protocol';
import { appRouter } from './router';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';
import type { UserRow } from '../db/repositories/users.repository';
import { printable } from '../http/refused-text';
import { rowsOf } from '../db/rows';

type Role = 'anonymous' | 'user' | 'admin';
interface Sample {
	as: Role;
	/** A fresh valid input (new ids each call, so idempotency never answers instead). */
	input: () => unknown;
}

const unknownId = '01900000-0000-7000-8000-000000000000';
const sha = '0'.repeat(64);
let codeCounter = 0;
let resource = '';

const SAMPLES: Record<string, Sample> = {
	'admin.users.list': { as: 'admin', input: () => ({ search: 'alice' }) },
	'admin.users.setDisabled': { as: 'admin', input: () => ({ userId: unknownId, disabled: false }) },
	'admin.users.setLimits': {
		as: 'admin',
		input: () => ({ userId: unknownId, ratePerMinute: null, maxInFlight: null })
	},
	'admin.credits.adjust': {
		as: 'admin',
		input: () => ({ userId: unknownId, amount: 1, reason: 'hostile' })
	},
	'admin.codes.create': {
		as: 'admin',
		input: () => ({ credits: 1, code: `HOSTILE-${++codeCounter}`, note: 'note' })
	},
	'admin.codes.list': { as: 'admin', input: () => ({}) },
	'admin.codes.disable': { as: 'admin', input: () => ({ id: unknownId }) },
	'admin.presets.create': {
		as: 'admin',
		input: () => ({
			title: 'T',
			text: 'a preset',
			negativePrompt: 'n',
			category: 'c',
			tags: ['tag'],
			model: 'demo/sketch'
		})
	},
	'admin.presets.update': {
		as: 'admin',
		input: () => ({
			id: unknownId,
			title: 'T',
			text: 'p',
			negativePrompt: 'n',
			category: 'c',
			tags: ['tag'],
			model: 'demo/sketch'
		})
	},
	'admin.presets.delete': { as: 'admin', input: () => ({ id: unknownId }) },
	'admin.presets.import': {
		as: 'admin',
		input: () => ({
			presets: [
				{
					title: 'T',
					text: `pack {prompt} ${++codeCounter}`,
					negativePrompt: 'n',
					category: 'c',
					tags: ['style'],
					model: null
				}
			]
		})
	},
	'admin.presets.reorder': { as: 'admin', input: () => ({ ids: [unknownId] }) },
	'admin.settings.get': { as: 'admin', input: () => undefined },
	'admin.settings.update': {
		as: 'admin',
		input: () => ({ modelOverrides: { 'demo/sketch': { price: 1 } } })
	},
	'admin.stats': { as: 'admin', input: () => ({ days: 7 }) },
	'apiKeys.list': { as: 'user', input: () => undefined },
	'apiKeys.create': { as: 'user', input: () => ({ name: 'hostile key' }) },
	'apiKeys.revoke': { as: 'user', input: () => ({ id: unknownId }) },
	'auth.register': {
		as: 'anonymous',
		input: () => ({
			email: `h-${uuidv7().slice(-12)}@example.test`,
			password: 'long password',
			displayName: 'Name'
		})
	},
	'auth.signIn': {
		as: 'anonymous',
		input: () => ({ email: 'hostile-user@example.test', password: 'correct horse battery' })
	},
	'auth.signOut': { as: 'user', input: () => undefined },
	'auth.me': { as: 'anonymous', input: () => undefined },
	'blobs.missing': { as: 'user', input: () => ({ hashes: [sha] }) },
	'blobs.thumbnails': { as: 'user', input: () => ({ hashes: [sha] }) },
	'credits.ledger': { as: 'user', input: () => ({}) },
	'credits.redeem': { as: 'user', input: () => ({ code: 'NO-SUCH-CODE' }) },
	'generate.models': { as: 'user', input: () => undefined },
	'generate.submit': {
		as: 'user',
		input: () => ({
			id: uuidv7(),
			model: 'demo/sketch',
			prompt: 'a cat',
			params: { aspectRatio: '1:1', negativePrompt: 'dogs' },
			sourceHashes: []
		})
	},
	'generate.status': { as: 'user', input: () => ({ id: resource }) },
	'generate.statuses': { as: 'user', input: () => ({ ids: [resource] }) },
	'presets.list': { as: 'user', input: () => undefined },
	'sync.push': {
		as: 'user',
		input: () => ({
			clientId: uuidv7(),
			schemaVersion: 1,
			mutations: [
				{
					mid: 1,
					name: 'prompt.create',
					args: {
						id: uuidv7(),
						title: 'T',
						text: 'a prompt',
						negativePrompt: 'n',
						category: 'c',
						tags: ['tag'],
						model: 'demo/sketch'
					}
				}
			]
		})
	},
	'sync.pull': { as: 'user', input: () => ({ clientId: uuidv7(), schemaVersion: 1, cursor: 0 }) },
	'sync.rows': {
		as: 'user',
		input: () => ({ clientId: uuidv7(), schemaVersion: 1, refs: [{ entity: 'prompt', id: 'x' }] })
	},
	'sync.poke': { as: 'user', input: () => ({ lastEventId: '1' }) },
	'sync.revisions': { as: 'user', input: () => ({ promptId: 'x' }) }
};

const REFUSED = { nul: 'a\u0000b', loneHigh: 'a\uD800b', loneLow: '\uDC00a' } as const;
const TOLERATED = { rtlOverride: 'abc\u202Eexe.txt', oneMegabyte: 'x'.repeat(1_000_000) } as const;

type Path = (string | number)[];
/** Every string value and object key in `value`, as paths (`key` marks a key rather than a value). */
function stringSpots(value: unknown, path: Path = []): { path: Path; key: boolean }[] {
	if (typeof value === 'string') return [{ path, key: false }];
	if (!value || typeof value !== 'object') return [];
	const entries: [string | number, unknown][] = Array.isArray(value)
		? value.map((v, i) => [i, v])
		: Object.entries(value);
	return entries.flatMap(([k, v]) => [
		...(typeof k === 'string' ? [{ path: [...path, k], key: true }] : []),
		...stringSpots(v, [...path, k])
	]);
}

/** A copy of `input` with the value (or key) at `path` replaced by `text`. */
function replaced(input: unknown, spot: { path: Path; key: boolean }, text: string): unknown {
	const copy = structuredClone(input) as Record<string | number, unknown>;
	let parent = copy;
	for (const step of spot.path.slice(0, -1))
		parent = parent[step] as Record<string | number, unknown>;
	const last = spot.path[spot.path.length - 1];
	if (spot.key) {
		parent[text] = parent[last];
		delete parent[last];
	} else parent[last] = text;
	return copy;
}

async function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
	const fn = path
		.split('.')
		.reduce<unknown>((node, step) => (node as Record<string, unknown>)[step], caller) as (
		input: unknown
	) => Promise<unknown>;
	const result = await fn(input);
	if (path === 'sync.poke') {
		const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
		await iterator.next();
		await iterator.return?.();
	}
	return result;
}

type Outcome =
	{ ok: true; value: unknown } | { ok: false; status: number; code: string; message: string };
const outcomeOf = (promise: Promise<unknown>): Promise<Outcome> =>
	promise.then(
		(value) => ({ ok: true, value }),
		(error: unknown) => {
			if (!(error instanceof TRPCError)) throw error;
			return {
				ok: false,
				status: getHTTPStatusCodeFromError(error),
				code: error.code,
				message: error.message
			};
		}
	);

/** A digest of every table that holds what users see (bookkeeping of sync clients and rate limits left out). */
async function fingerprint(relay: TestRelay): Promise<string> {
	const tables = rowsOf<{ name: string }>(
		await relay.deps.db.execute(
			sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('sync_clients', 'mutation_log', 'sync_state', 'rate_limit_windows', 'sessions') and table_name not like '%drizzle%' order by 1`
		)
	);
	const parts: string[] = [];
	for (const { name } of tables) {
		const [row] = rowsOf<{ digest: string }>(
			await relay.deps.db.execute(
				sql.raw(
					`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${name}" t`
				)
			)
		);
		parts.push(`${name}:${row.digest}`);
	}
	return parts.join('\n');
}

describe('hostile strings at every procedure', () => {
	let relay: TestRelay;
	let callers: Record<Role, () => Caller>;
	beforeAll(async () => {
		relay = await startTestRelay({ RATE_LIMIT_PER_MINUTE: '10000' });
		const admin = await relay.signUp('hostile-admin@example.test');
		const user = await relay.signUp('hostile-user@example.test');
		resource = uuidv7();
		await user.caller.generate.submit({
			id: resource,
			model: 'demo/sketch',
			prompt: 'owned',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		const as = (row: UserRow | null) => () => relay.caller(row);
		callers = { anonymous: as(null), user: as(user.user), admin: as(admin.user) };
	});
	afterAll(() => relay.close());

	it('has a sample for every procedure in the router, and every sample is accepted as is', async () => {
		expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
		for (const [path, sample] of Object.entries(SAMPLES)) {
			const outcome = await outcomeOf(call(callers[sample.as](), path, sample.input()));
			// Unknown targets of admin calls answer NOT_FOUND; anything else means the sample is wrong.
			if (!outcome.ok) expect(`${path} → ${outcome.code}`).toMatch(/→ NOT_FOUND$/);
		}
	});

	it('refuses NUL and lone surrogates in every string and key with 400 naming the field, changing nothing', async () => {
		const before = await fingerprint(relay);
		const problems: string[] = [];
		let calls = 0;
		for (const [path, sample] of Object.entries(SAMPLES)) {
			const base = sample.input();
			for (const spot of stringSpots(base)) {
				for (const [label, text] of Object.entries(REFUSED)) {
					calls++;
					const field = spot.key
						? [...spot.path.slice(0, -1), printable(text)].join('.')
						: spot.path.join('.');
					const outcome = await outcomeOf(
						call(callers[sample.as](), path, replaced(sample.input(), spot, text))
					);
					const where = `${path} ${spot.key ? 'key' : 'value'} ${spot.path.join('.')} ${label}`;
					if (outcome.ok) {
						// sync.push refuses a bad mutation on its own (INVALID, naming the field), so the rest of the push applies.
						const rejected =
							(outcome.value as { rejected?: { code: string; message: string }[] }).rejected ?? [];
						if (!(
							path === 'sync.push' &&
							rejected[0]?.code === 'INVALID' &&
							rejected[0].message.includes('cannot be stored')
						))
							problems.push(`${where}: accepted`);
					} else if (
						outcome.status !== 400 ||
						!outcome.message.includes(field) ||
						!outcome.message.includes('cannot be stored')
					) {
						problems.push(`${where}: ${outcome.status} ${outcome.message.slice(0, 120)}`);
					}
				}
			}
		}
		expect(problems).toEqual([]);
		expect(calls).toBeGreaterThan(100);
		expect(await fingerprint(relay)).toBe(before);
	});

	it('answers RTL overrides and 1 MB strings with success or a typed 4xx, never a 500', async () => {
		const problems: string[] = [];
		for (const [path, sample] of Object.entries(SAMPLES)) {
			const base = sample.input();
			// Values only: a hostile key is already covered above, and an unknown key is a plain schema refusal.
			for (const spot of stringSpots(base).filter((s) => !s.key)) {
				for (const [label, text] of Object.entries(TOLERATED)) {
					const outcome = await outcomeOf(
						call(callers[sample.as](), path, replaced(sample.input(), spot, text))
					);
					if (!outcome.ok && (outcome.status < 400 || outcome.status >= 500))
						problems.push(
							`${path} ${spot.path.join('.')} ${label}: ${outcome.status} ${outcome.code}`
						);
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('refuses a NUL sent over HTTP as JSON with 400 naming the field', async () => {
		const url = await relay.listen();
		const res = await fetch(`${url}/trpc/auth.signIn`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
			body: '{"email":"a@example.test","password":"x\\u0000y"}'
		});
		expect(res.status).toBe(400);
		const body = (await res.json()) as {
			error: { message: string; data: { errorCode: string; retryable: boolean } };
		};
		expect(body.error.message).toContain('password');
		expect(body.error.data).toMatchObject({ errorCode: 'BAD_INPUT', retryable: false });
	});
});
