/**
 * The state of one simulated run (SYNC §5.1): the relay, two users with their devices, the
 * shared PRNG, the fault world and a trace for the failure report. Builds it from a seed and
 * tears it down; the commands (commands.ts) and checks (sim-invariants.ts) work on it.
 */
import type { mutationLog } from '../db/schema/index';
import type { UserRow } from '../db/repositories/users.repository';
import type { TransportWorld } from './fault-transport';
import { Prng } from './prng';
import { SimDevice } from './sim-device';
import type { SimServer } from './sim-server';
import { localFieldsWrites } from './write-commands';

const DAY_MS = 86_400_000;

export interface SimUser {
	user: UserRow;
	devices: SimDevice[];
}

export interface Run {
	seed: number;
	rng: Prng;
	server: SimServer;
	users: SimUser[];
	devices: SimDevice[];
	world: TransportWorld;
	/** The relay clock at each purge (the oracle replays them in server order). */
	purges: number[];
	/**
	 * mutation_log rows copied just before each purge: the purge prunes old log entries (it is an
	 * audit trail, not history), and the oracle needs all of them. Keyed `clientId:mid`.
	 */
	archivedLog: Map<string, typeof mutationLog.$inferSelect>;
	/** What happened, for the failure report. */
	trace: string[];
	/** Counters reported at the end (resets, lost outbox entries, faults...). */
	stats: Record<string, number>;
}

export function count(run: Run, what: string, by = 1): void {
	run.stats[what] = (run.stats[what] ?? 0) + by;
}

/** A run from its seed: 2 users, 2–4 devices each, clocks skewed by up to ±1 day. */
export async function startRun(seed: number, server: SimServer): Promise<Run> {
	const rng = new Prng(seed);
	const trace: string[] = [];
	const world: TransportWorld = {
		rng,
		faultRate: rng.pick([0.05, 0.15, 0.3]),
		pending: [],
		tick: () => server.tick(),
		trace: (line) => trace.push(line)
	};
	const run: Run = {
		seed,
		rng,
		server,
		users: [],
		devices: [],
		world,
		purges: [],
		archivedLog: new Map(),
		trace,
		stats: {}
	};
	world.interleave = async (link) => {
		const device = run.devices.find((d) => d.link === link)!;
		const mutations = await localFieldsWrites(run, device);
		const mids = await device.mutate(mutations);
		trace.push(
			`  ${device.name} writes while an answer is in flight: ${mutations.map((m) => m.name).join(',')} → ${mids.join(',') || 'none'}`
		);
	};
	world.timeServer = (kind, ms) => {
		count(run, `server.${kind}.ms`, Math.round(ms));
		count(run, `server.${kind}.n`);
	};
	for (const u of [0, 1]) {
		const user = await server.signUp(`sim-${seed}-${u}-${rng.int(1e9)}@example.test`);
		const devices: SimDevice[] = [];
		const n = rng.between(2, 4);
		for (let d = 0; d < n; d++) {
			const device = new SimDevice(`u${u}d${d}`, user, rng.between(-DAY_MS, DAY_MS), server, world);
			await device.open();
			devices.push(device);
		}
		// A library to start from: the first device made a few prompts (not synced yet).
		for (let i = 0; i < 3; i++) {
			const id = rng.uuidv7(devices[0].now());
			await devices[0].mutate([
				{
					name: 'prompt.create',
					args: { id, title: `start ${i}`, text: `first prompt ${i}`, tags: i ? ['red'] : [] }
				}
			]);
		}
		run.users.push({ user, devices });
		run.devices.push(...devices);
	}
	trace.push(
		`seed ${seed}: fault rate ${world.faultRate}, devices ${run.users.map((u) => u.devices.length).join('+')}`
	);
	return run;
}

/** Closes the devices; the relay is shared by the runs of a file. */
export async function endRun(run: Run): Promise<void> {
	count(
		run,
		'resets',
		run.devices.reduce((sum, d) => sum + d.link.resets, 0)
	);
	for (const device of run.devices) device.close();
	await run.server.settle();
}
