/**
 * A SyncTransport over the real router (createCaller) with a PRNG-driven fault layer (SYNC §5.1):
 * per request it may drop the request, lose the answer after the relay committed, send it twice,
 * answer 5xx, or hold it back for a later "deliver pending" command. Offline devices reach nothing.
 */
import { TRPCError } from '@trpc/server';
import type { PullInput, PushInput, RowsInput } from '#shared/schemas/sync';
import type { SyncTransport } from '../../src/lib/sync/transport';
import type { Caller } from '../testing/test-relay';
import type { Prng } from './prng';

export type Fault = 'none' | 'drop' | 'lostAck' | 'duplicate' | 'unavailable' | 'delay';

/** What the transport needs from the run (shared by every device). */
export interface TransportWorld {
	rng: Prng;
	/** Chance that a request meets any fault at all. */
	faultRate: number;
	/** Requests held back by a 'delay' fault, delivered later (their answers go nowhere). */
	pending: Array<{ label: string; send(): Promise<unknown> }>;
	/** Moves the relay clock before each request, so the log's `at` orders pushes. */
	tick(): number;
	trace(line: string): void;
	/**
	 * Runs while an answer is on its way back (the device's tab writes meanwhile): the race between
	 * a local write and a push acknowledgement or a pull page being stored.
	 */
	interleave?(link: TransportLink): Promise<void>;
	/** Time spent inside the relay, by call kind (for the run's stats). */
	timeServer?(kind: string, ms: number): void;
}

/** The device's side of its connection. */
export interface TransportLink {
	name: string;
	caller(): Caller;
	online: boolean;
	/** Speaks an old sync schema (the relay answers 426). */
	oldSchema: boolean;
	/** The next push reaches the relay and then the device dies before reading the answer. */
	killOnNextPush: boolean;
	killed: boolean;
	/** Resets seen by pull (the cursor may go back to 0 only then). */
	resets: number;
}

/** The message of the fault layer's own 503 (told apart from the relay's answers). */
export const SIMULATED_503 = 'simulated 503';

/** The error a device sees when the network failed it (no answer at all). */
export class NetworkDown extends Error {
	constructor(what: string) {
		super(`network: ${what}`);
		this.name = 'NetworkDown';
	}
}

/** Runs `send` through the fault layer. `mayDelay`: a late duplicate is meaningful (writes only). */
export async function faulty<T>(
	world: TransportWorld,
	link: TransportLink,
	label: string,
	send: () => Promise<T>,
	mayDelay: boolean
): Promise<T> {
	if (!link.online) throw new NetworkDown(`${link.name} is offline`);
	const fault: Fault = world.rng.chance(world.faultRate)
		? world.rng.weighted({
				drop: 3,
				lostAck: 3,
				duplicate: 2,
				unavailable: 2,
				delay: mayDelay ? 2 : 0,
				none: 0
			})
		: 'none';
	if (fault !== 'none') world.trace(`  ${link.name} ${label}: ${fault}`);
	const deliver = async () => {
		world.tick();
		const started = performance.now();
		try {
			return await send();
		} finally {
			world.timeServer?.(label.split(' ')[0], performance.now() - started);
		}
	};
	switch (fault) {
		case 'drop':
			throw new NetworkDown(`${label} dropped`);
		case 'unavailable':
			throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: SIMULATED_503 });
		case 'delay':
			world.pending.push({ label: `${link.name} ${label}`, send: deliver });
			throw new NetworkDown(`${label} timed out`);
		case 'lostAck':
			await deliver();
			throw new NetworkDown(`${label} answer lost`);
		case 'duplicate': {
			const first = await deliver().then(
				(value) => ({ value }),
				(error: unknown) => ({ error })
			);
			const second = await deliver();
			return 'value' in first && world.rng.chance(0.5) ? first.value : second;
		}
		default: {
			const value = await deliver();
			if (world.interleave && world.rng.chance(0.15)) await world.interleave(link);
			return value;
		}
	}
}

/** The device's transport. Blob transfers are not simulated (no source uploads, no thumbnails). */
export function faultTransport(world: TransportWorld, link: TransportLink): SyncTransport {
	const schema = <I extends { schemaVersion: number }>(input: I): I =>
		link.oldSchema ? { ...input, schemaVersion: 0 } : input;
	return {
		async push(input: PushInput) {
			if (link.killOnNextPush && link.online) {
				link.killOnNextPush = false;
				link.killed = true;
				world.tick();
				world.trace(
					`  ${link.name} push ${input.mutations[0].mid}-${input.mutations.at(-1)!.mid}: reached the relay, device killed`
				);
				await link
					.caller()
					.sync.push(schema(input))
					.catch(() => undefined);
				throw new NetworkDown('device killed mid-push');
			}
			const range = `push ${input.mutations[0].mid}-${input.mutations.at(-1)!.mid}`;
			return faulty(world, link, range, () => link.caller().sync.push(schema(input)), true);
		},
		async pull(input: PullInput) {
			const page = await faulty(
				world,
				link,
				`pull ${input.cursor}`,
				() => link.caller().sync.pull(schema(input)),
				false
			);
			if (page.reset) {
				link.resets++;
				world.trace(`  ${link.name} pull ${input.cursor}: reset`);
			}
			return page;
		},
		rows: (input: RowsInput) =>
			faulty(world, link, 'rows', () => link.caller().sync.rows(schema(input)), false),
		missingBlobs: (hashes) =>
			faulty(world, link, 'blobs.missing', () => link.caller().blobs.missing({ hashes }), false),
		uploadBlob: () => Promise.reject(new Error('blob uploads are not simulated')),
		fetchBlob: () => Promise.reject(new Error('blob downloads are not simulated'))
	};
}
