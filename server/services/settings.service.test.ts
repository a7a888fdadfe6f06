import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { uuidv7 } from '#shared/ids';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';
import { ledgerSum, listLedger } from '../db/repositories/credits.repository';
import { writeSettingRows } from '../db/repositories/settings.repository';
import { readStoredSettings, SETTINGS_CACHE_MS } from './settings.service';

const submit = (model = 'demo/sketch') => ({
	id: uuidv7(),
	model,
	prompt: 'a lighthouse at dusk',
	params: { aspectRatio: '1:1' as const },
	sourceHashes: []
});

describe('system settings', () => {
	let relay: TestRelay;
	let admin: Caller;
	beforeAll(async () => {
		relay = await startTestRelay({
			STARTING_CREDITS: '10',
			RATE_LIMIT_PER_MINUTE: '1000',
			MAX_IN_FLIGHT_PER_USER: '50'
		});
		admin = (await relay.signUp('admin@example.test')).caller;
	});
	afterAll(() => relay.close());

	it('starts from the environment and the catalogue', async () => {
		const view = await admin.admin.settings.get();
		expect(view.settings).toEqual({
			globalConcurrency: 3,
			startingCredits: 10,
			ratePerMinute: 1000,
			maxInFlightPerUser: 50,
			modelOverrides: {}
		});
		const sketch = view.models.find((m) => m.id === 'demo/sketch');
		expect(sketch).toMatchObject({ enabled: true, price: sketch?.cataloguePrice });
	});

	it('refuses absurd values with a clear error and changes nothing', async () => {
		for (const bad of [
			{ globalConcurrency: 0 },
			{ globalConcurrency: 11 },
			{ startingCredits: -5 },
			{ ratePerMinute: 1.5 },
			{ maxInFlightPerUser: 0 }
		]) {
			await expect(admin.admin.settings.update(bad)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		}
		for (const price of [-1, 0, 1.5, 1_000_000]) {
			await expect(
				admin.admin.settings.update({ modelOverrides: { 'demo/sketch': { price } } })
			).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		}
		await expect(
			admin.admin.settings.update({
				modelOverrides: { 'demo/sketch': { price: 1, free: true } } as never
			})
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(admin.admin.settings.update({ role: 'admin' } as never)).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		expect((await admin.admin.settings.get()).settings.globalConcurrency).toBe(3);
	});

	it('refuses an override for a model that does not exist, naming it, and stores nothing', async () => {
		const before = (await admin.admin.settings.get()).settings.modelOverrides;
		const refused = admin.admin.settings.update({
			globalConcurrency: 5,
			modelOverrides: { 'demo/sketch': { price: 2 }, 'no/such-model': { price: 2 } }
		});
		await expect(refused).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			message: expect.stringContaining('"no/such-model"')
		});
		const after = (await admin.admin.settings.get()).settings;
		expect(after.modelOverrides).toEqual(before);
		expect(after.globalConcurrency).toBe(3);
	});

	it('stores global concurrency as a JSON number under its key (the provider-slot contract)', async () => {
		await admin.admin.settings.update({ globalConcurrency: 7 });
		const result = await relay.deps.db.execute(
			sql`select jsonb_typeof(value) as type, value::text as text from settings where key = 'globalConcurrency'`
		);
		const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
			type: string;
			text: string;
		}[];
		expect(rows[0]).toEqual({ type: 'number', text: '7' });
		await admin.admin.settings.update({ globalConcurrency: null });
		expect((await admin.admin.settings.get()).settings.globalConcurrency).toBe(3);
	});

	it('grants the starting credits in force to new accounts', async () => {
		await admin.admin.settings.update({ startingCredits: 42 });
		const { user } = await relay.signUp();
		expect(user.credits).toBe(42);
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(42);
		await admin.admin.settings.update({ startingCredits: 0 });
		const { user: broke } = await relay.signUp();
		expect(broke.credits).toBe(0);
		expect(await listLedger(relay.deps.db, broke.id)).toHaveLength(0);
		await admin.admin.settings.update({ startingCredits: null });
		expect((await relay.signUp()).user.credits).toBe(10);
	});

	it('hides a disabled model, refuses it before any charge, and charges an overridden price', async () => {
		const { user, caller } = await relay.signUp();
		const models = (await caller.generate.models()).map((m) => m.id);
		expect(models).toContain('demo/sketch');
		const other = models.find((id) => id !== 'demo/sketch')!;
		await admin.admin.settings.update({
			modelOverrides: { 'demo/sketch': { enabled: false }, [other]: { price: 3 } }
		});

		const offered = await caller.generate.models();
		expect(offered.map((m) => m.id)).not.toContain('demo/sketch');
		expect(offered.find((m) => m.id === other)?.price).toBe(3);

		await expect(caller.generate.submit(submit('demo/sketch'))).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			message: 'The model "demo/sketch" is turned off on this relay.'
		});
		expect((await relay.user(user.id)).credits).toBe(10);

		const answer = await caller.generate.submit(submit(other));
		expect(answer).toMatchObject({ price: 3, balance: 7 });
		const done = await relay.waitForGeneration(caller, answer.id);
		expect(done).toMatchObject({ status: 'done', price: 3 });
		expect((await relay.user(user.id)).credits).toBe(7);
		expect(await ledgerSum(relay.deps.db, user.id)).toBe(7);

		const view = await admin.admin.settings.get();
		expect(view.models.find((m) => m.id === 'demo/sketch')).toMatchObject({ enabled: false });
		expect(view.models.find((m) => m.id === other)).toMatchObject({ enabled: true, price: 3 });
		await admin.admin.settings.update({ modelOverrides: null });
		expect((await caller.generate.models()).map((m) => m.id)).toContain('demo/sketch');
	});

	it('lets another relay see a change within the cache time, and ignores an invalid stored value', async () => {
		let clock = 1_000_000;
		const tick = () => clock;
		await readStoredSettings(relay.deps.db, tick, { fresh: true });
		// Another relay process writes the table directly.
		await writeSettingRows(relay.deps.db, {
			set: { ratePerMinute: 5, maxInFlightPerUser: 'lots' },
			remove: [],
			actorId: null,
			now: clock
		});
		expect((await readStoredSettings(relay.deps.db, tick)).ratePerMinute).toBeUndefined();
		clock += SETTINGS_CACHE_MS;
		const fresh = await readStoredSettings(relay.deps.db, tick);
		expect(fresh.ratePerMinute).toBe(5);
		expect(fresh.maxInFlightPerUser).toBeUndefined();
		await admin.admin.settings.update({ ratePerMinute: null, maxInFlightPerUser: null });
	});
});

describe('limits from settings and per user', () => {
	let relay: TestRelay;
	let admin: Caller;
	beforeAll(async () => {
		relay = await startTestRelay({
			STARTING_CREDITS: '100',
			RATE_LIMIT_PER_MINUTE: '1000',
			MAX_IN_FLIGHT_PER_USER: '50',
			DEMO_LATENCY_MS: '400'
		});
		admin = (await relay.signUp('admin@example.test')).caller;
	});
	afterAll(() => relay.close());

	const admitted = async (caller: Caller, n: number) =>
		(
			await Promise.allSettled(Array.from({ length: n }, () => caller.generate.submit(submit())))
		).filter((r) => r.status === 'fulfilled').length;

	it('uses the system rate setting over env, and a per-user override over both', async () => {
		await admin.admin.settings.update({ ratePerMinute: 3 });
		const plain = await relay.signUp();
		const special = await relay.signUp();
		await admin.admin.users.setLimits({
			userId: special.user.id,
			ratePerMinute: 6,
			maxInFlight: null
		});
		expect(await admitted(plain.caller, 8)).toBe(3);
		expect(await admitted(special.caller, 8)).toBe(6);
		await admin.admin.settings.update({ ratePerMinute: null });
	});

	it('uses the in-flight setting, and a per-user cap over it', async () => {
		await admin.admin.settings.update({ maxInFlightPerUser: 2 });
		const plain = await relay.signUp();
		const capped = await relay.signUp();
		await admin.admin.users.setLimits({
			userId: capped.user.id,
			ratePerMinute: null,
			maxInFlight: 1
		});
		expect(await admitted(plain.caller, 5)).toBe(2);
		expect(await admitted(capped.caller, 5)).toBe(1);
		expect((await relay.user(capped.user.id)).credits).toBe(99);
		const listed = (await admin.admin.users.list({ search: capped.user.email })).users[0];
		expect(listed).toMatchObject({ maxInFlight: 1, ratePerMinute: null });
	});
});
