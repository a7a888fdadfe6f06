/**
 * The relay side of the simulation: the real router (createCaller) on a shared test database, a
 * fake server clock, "restart" = a new runtime on the same database and blob folder, and the purge
 * run with the clock far ahead. Must not reach into sync tables except through real services.
 */
import { inArray } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import { generations } from '../db/schema/index';
import type { UserRow } from '../db/repositories/users.repository';
import { purgeSync } from '../services/sync/purge.service';
import { createTestUser } from '../testing/fast-user';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';

const DAY_MS = 86_400_000;

/** Env of every simulated relay: no rate limit in the way, generations right away. */
const SIM_ENV = {
	RATE_LIMIT_PER_MINUTE: '100000',
	MAX_IN_FLIGHT_PER_USER: '100',
	STARTING_CREDITS: '1000',
	DEMO_LATENCY_MS: '0'
};

export class SimServer {
	relay!: TestRelay;
	/** The relay's clock (ms). Moved only by {@link tick}. */
	now: number;
	restarts = 0;
	/** A purge ran on this database (discarded images may be gone for good). */
	purged = false;

	private constructor(
		readonly database: DatabaseHandle,
		readonly dataDir: string,
		start: number
	) {
		this.now = start;
	}

	static async start(database: DatabaseHandle, dataDir: string, start: number): Promise<SimServer> {
		const server = new SimServer(database, dataDir, start);
		await server.#boot();
		return server;
	}

	async #boot(): Promise<void> {
		this.relay = await startTestRelay(
			{ ...SIM_ENV, DATA_DIR: this.dataDir },
			{ database: this.database }
		);
		this.relay.deps.now = () => this.now;
	}

	get db() {
		return this.relay.deps.db;
	}

	/** Moves the server clock forward; every call to the relay is preceded by one tick. */
	tick(ms = 1): number {
		this.now += Math.max(1, ms);
		return this.now;
	}

	caller(user: UserRow): Caller {
		return this.relay.caller(user);
	}

	/** A new account (no password: the simulation only uses callers). */
	signUp(email: string): Promise<UserRow> {
		return createTestUser(this.db, { email, credits: 1000, now: this.tick() });
	}

	/** Stops this relay process (its in-flight work settles) and starts a fresh one on the same database. */
	async restart(): Promise<void> {
		await this.relay.close();
		await this.#boot();
		this.restarts++;
	}

	/**
	 * The daily purge as if 200 days had passed (all Trash is discarded, older tombstones deleted),
	 * then again 200 days later, so what it just discarded is deleted too and min_cursor moves.
	 */
	async purge(): Promise<{ discarded: number; deleted: number }> {
		this.purged = true;
		const now = this.tick();
		const first = await purgeSync(this.db, {
			trashDays: 30,
			tombstoneDays: 90,
			now: now + 200 * DAY_MS
		});
		const second = await purgeSync(this.db, {
			trashDays: 30,
			tombstoneDays: 90,
			now: now + 400 * DAY_MS
		});
		return {
			discarded: first.discarded + second.discarded,
			deleted: first.deleted + second.deleted
		};
	}

	/** Waits until no generation is queued or running (the demo provider answers at once). */
	async settle(timeoutMs = 20_000): Promise<void> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const open = await this.db
				.select({ id: generations.id })
				.from(generations)
				.where(inArray(generations.status, ['queued', 'running']))
				.limit(1);
			if (open.length === 0) return;
			if (Date.now() > until)
				throw new Error(`generation ${open[0].id} still open after ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	}

	close(): Promise<void> {
		return this.relay.close();
	}
}
