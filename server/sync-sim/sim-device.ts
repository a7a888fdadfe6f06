/**
 * One simulated device: a StudioDB on its own fake-indexeddb factory, running the real client
 * modules — mutate() for local writes, pushOutbox/pullAll for sync rounds — through a fault
 * transport, with its own skewed clock. Kill = drop memory, keep IndexedDB; wipe = a new factory.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { StudioDB } from '../../src/lib/db/database';
import { mutate, MutationError, type Mutation } from '../../src/lib/db/mutations/mutate';
import { getClientId } from '../../src/lib/sync/client-id';
import { pullAll } from '../../src/lib/sync/pull';
import { pushOutbox } from '../../src/lib/sync/push';
import { CURSOR_KEY, readNumber } from '../../src/lib/sync/sync-meta';
import type { UserRow } from '../db/repositories/users.repository';
import { faultTransport, type TransportLink, type TransportWorld } from './fault-transport';
import type { SimServer } from './sim-server';

/** Mutations a device made, by the client id it made them under (a wipe starts a new one). */
export interface MidRecord {
	clientId: string;
	mids: number[];
}

export class SimDevice {
	db!: StudioDB;
	clientId = '';
	readonly link: TransportLink;
	readonly transport;
	#factory = new IDBFactory();
	/** Every mid this device's clients recorded (for "no lost acknowledged writes"). */
	readonly made: MidRecord[] = [];
	/** Outbox entries a wipe destroyed: {clientId, mids}. */
	readonly wiped: MidRecord[] = [];
	/** The cursor after the last round, and the resets seen by then (invariant 7). */
	lastCursor = 0;
	lastResets = 0;

	constructor(
		readonly name: string,
		readonly user: UserRow,
		readonly skewMs: number,
		readonly server: SimServer,
		world: TransportWorld
	) {
		this.link = {
			name,
			caller: () => server.caller(user),
			online: true,
			oldSchema: false,
			killOnNextPush: false,
			killed: false,
			resets: 0
		};
		this.transport = faultTransport(world, this.link);
	}

	/** This device's clock: the relay's, skewed (client clocks decide nothing). */
	now(): number {
		return this.server.now + this.skewMs;
	}

	async open(): Promise<void> {
		this.db = new StudioDB(`nbs-${this.user.id}`, { indexedDB: this.#factory, IDBKeyRange });
		this.clientId = await getClientId(this.db);
		if (!this.made.some((record) => record.clientId === this.clientId))
			this.made.push({ clientId: this.clientId, mids: [] });
	}

	/** The tab died: memory is gone, IndexedDB stays. */
	async reopen(): Promise<void> {
		this.db.close();
		await this.open();
	}

	/** The browser evicted IndexedDB: records which outbox entries died with it. */
	async wipe(): Promise<number> {
		const lost = (await this.db.outbox.toArray()).map((entry) => entry.mid);
		if (lost.length) this.wiped.push({ clientId: this.clientId, mids: lost });
		this.db.close();
		this.#factory = new IDBFactory();
		this.lastCursor = 0;
		this.lastResets = this.link.resets;
		await this.open();
		return lost.length;
	}

	/** Local writes through the real mutate(); a local refusal is normal (the row is gone or trashed). */
	async mutate(mutations: Mutation[]): Promise<number[]> {
		try {
			const { mids } = await mutate(this.db, mutations, this.now());
			this.made.find((record) => record.clientId === this.clientId)!.mids.push(...mids);
			return mids;
		} catch (error) {
			if (error instanceof MutationError) return [];
			throw error;
		}
	}

	/** One sync round: push, then pull (the loop's order). Returns the error that ended it, if any. */
	async round(pullLimit: number): Promise<unknown> {
		try {
			await pushOutbox({
				db: this.db,
				transport: this.transport,
				clientId: this.clientId,
				now: () => this.now()
			});
			await pullAll({
				db: this.db,
				transport: this.transport,
				clientId: this.clientId,
				limit: pullLimit
			});
			return null;
		} catch (error) {
			return error;
		} finally {
			if (this.link.killed) {
				this.link.killed = false;
				await this.reopen();
			}
		}
	}

	cursor(): Promise<number> {
		return readNumber(this.db, CURSOR_KEY);
	}

	outboxSize(): Promise<number> {
		return this.db.outbox.count();
	}

	close(): void {
		this.db.close();
	}
}
