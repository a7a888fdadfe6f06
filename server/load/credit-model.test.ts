/**
 * Load case L15 (RELIABILITY.md §7.1): a model-based property test of the credit state machine.
 * fast-check interleaves submit (reserve), capture (provider answers), release (provider fails),
 * grant, and crash (the relay's leases run out, the reaper refunds, late answers arrive) against a
 * real relay; after every step the database agrees with a tiny model and the invariants hold.
 * The provider is the only fake: an in-process one whose calls the test answers one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uuidv7 } from '#shared/ids';
import type { Db } from '../db/client';
import { applyLedgerEntry } from '../db/repositories/credits.repository';
import { findGeneration } from '../db/repositories/generations.repository';
import { ProviderError, type ImageProvider, type ProviderResult } from '../providers/provider';
import { reapOrphanedGenerations } from '../services/generate.service';
import { tinyPng } from '../testing/fake-provider-shared';
import { assertInvariants } from '../testing/invariants';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';

const PRICE = 1; // demo/sketch
const CAP = 4; // per-user in flight
const SLOTS = 2; // global provider concurrency

interface Model {
	balance: number;
	/** In flight, oldest first: the first SLOTS are at the provider, the rest queued. */
	pending: string[];
	settled: Map<string, 'done' | 'failed'>;
}

/** Provider calls waiting for the test to answer them, by generation id. */
const waiting = new Map<
	string,
	{ resolve: (r: ProviderResult) => void; reject: (e: unknown) => void }
>();
const controlledProvider: ImageProvider = {
	name: 'demo',
	generate: (request, signal) =>
		new Promise<ProviderResult>((resolve, reject) => {
			waiting.set(request.requestId, { resolve, reject });
			signal.addEventListener('abort', () => reject(signal.reason), { once: true });
		})
};

interface Real {
	relay: TestRelay;
	caller: Caller;
	userId: string;
	clock: { offset: number };
}

async function until(
	what: string,
	test: () => Promise<boolean> | boolean,
	timeoutMs = 10_000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await test())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
}

/** Waits until the provider holds exactly the calls the model expects, then compares everything. */
async function agree(m: Model, r: Real): Promise<void> {
	const atProvider = m.pending.slice(0, SLOTS);
	await until(
		`provider calls ${atProvider.join(',')}`,
		() =>
			atProvider.every((id) => waiting.has(id)) &&
			[...waiting.keys()].every((id) => atProvider.includes(id))
	);
	expect((await r.relay.user(r.userId)).credits).toBe(m.balance);
	for (const id of m.pending)
		expect(['queued', 'running']).toContain(
			(await findGeneration(r.relay.deps.db, r.userId, id))?.status
		);
	for (const [id, status] of m.settled)
		expect((await findGeneration(r.relay.deps.db, r.userId, id))?.status).toBe(status);
	await assertInvariants(r.relay.deps.db, { now: r.relay.deps.now(), concurrency: SLOTS });
}

async function settleTo(r: Real, id: string, status: 'done' | 'failed'): Promise<void> {
	await until(
		`${id} ${status}`,
		async () => (await findGeneration(r.relay.deps.db, r.userId, id))?.status === status
	);
}

class Submit implements fc.AsyncCommand<Model, Real> {
	check = () => true;
	async run(m: Model, r: Real) {
		const id = uuidv7();
		const attempt = r.caller.generate.submit({
			id,
			model: 'demo/sketch',
			prompt: 'model run',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		if (m.balance < PRICE)
			await expect(attempt).rejects.toMatchObject({ code: 'PAYMENT_REQUIRED' });
		else if (m.pending.length >= CAP)
			await expect(attempt).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
		else {
			await attempt;
			m.balance -= PRICE;
			m.pending.push(id);
		}
		await agree(m, r);
	}
	toString = () => 'submit';
}

class Answer implements fc.AsyncCommand<Model, Real> {
	constructor(
		readonly pick: number,
		readonly ok: boolean
	) {}
	check = (m: Readonly<Model>) => m.pending.length > 0;
	async run(m: Model, r: Real) {
		const atProvider = m.pending.slice(0, SLOTS);
		const id = atProvider[this.pick % atProvider.length];
		const call = waiting.get(id)!;
		waiting.delete(id);
		if (this.ok) call.resolve({ images: [{ bytes: tinyPng(), mime: 'image/png' }] });
		else
			call.reject(new ProviderError({ code: 'PROVIDER_UNAVAILABLE', message: 'scripted outage' }));
		await settleTo(r, id, this.ok ? 'done' : 'failed');
		m.pending.splice(m.pending.indexOf(id), 1);
		m.settled.set(id, this.ok ? 'done' : 'failed');
		if (!this.ok) m.balance += PRICE;
		await agree(m, r);
	}
	toString = () => `${this.ok ? 'capture' : 'release'}(${this.pick})`;
}

class Grant implements fc.AsyncCommand<Model, Real> {
	constructor(readonly amount: number) {}
	check = () => true;
	async run(m: Model, r: Real) {
		await r.relay.deps.db.transaction((tx) =>
			applyLedgerEntry(tx as unknown as Db, {
				userId: r.userId,
				amount: this.amount,
				kind: 'grant',
				now: r.relay.deps.now()
			})
		);
		m.balance += this.amount;
		await agree(m, r);
	}
	toString = () => `grant(${this.amount})`;
}

/** The relay "dies": every lease runs out, the reaper refunds, then the provider's late answers arrive. */
class Crash implements fc.AsyncCommand<Model, Real> {
	check = () => true;
	async run(m: Model, r: Real) {
		await crash(r);
		for (const id of m.pending) {
			m.settled.set(id, 'failed');
			m.balance += PRICE;
		}
		m.pending = [];
		await agree(m, r);
	}
	toString = () => 'crash';
}

async function crash(r: Real): Promise<void> {
	r.clock.offset += 60 * 60_000;
	await reapOrphanedGenerations(r.relay.deps);
	for (const [id, call] of waiting) {
		waiting.delete(id);
		call.resolve({ images: [{ bytes: tinyPng(), mime: 'image/png' }] });
	}
	// Let the late answers try (and fail) to commit.
	await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('L15: credit state machine against a model', () => {
	let relay: TestRelay;
	const clock = { offset: 0 };
	beforeAll(async () => {
		relay = await startTestRelay({
			STARTING_CREDITS: '3',
			MAX_IN_FLIGHT_PER_USER: String(CAP),
			GLOBAL_PROVIDER_CONCURRENCY: String(SLOTS),
			RATE_LIMIT_PER_MINUTE: '100000'
		});
		relay.deps.providers = new Map([['demo', controlledProvider]]);
		relay.deps.now = () => Date.now() + clock.offset;
	});
	afterAll(() => relay.close());

	it('agrees with the model after every step of random interleavings', async () => {
		const commands = fc.commands(
			[
				fc.constant(new Submit()),
				fc.tuple(fc.nat(3), fc.boolean()).map(([pick, ok]) => new Answer(pick, ok)),
				fc.integer({ min: 1, max: 3 }).map((n) => new Grant(n)),
				fc.constant(new Crash())
			],
			{ maxCommands: 14 }
		);
		await fc.assert(
			fc.asyncProperty(commands, async (cmds) => {
				const { user, caller } = await relay.signUp();
				const real: Real = { relay, caller, userId: user.id, clock };
				await fc.asyncModelRun(
					() => ({ model: { balance: 3, pending: [], settled: new Map() }, real }),
					cmds
				);
				// Leave nothing in flight for the next run (slots are global).
				await crash(real);
			}),
			{ numRuns: 12 }
		);
	}, 90_000);
});
