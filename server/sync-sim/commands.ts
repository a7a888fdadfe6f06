/**
 * The commands of the simulation (SYNC §5.1), picked by the run's PRNG: local writes through the
 * real mutate(), sync rounds, generations by the owner device, and the hostile events (offline,
 * kill mid-push, wipe, relay restart, purge, old-schema client, late delivery).
 */
import { errorDetail } from '../trpc/errors';
import { TRPCError } from '@trpc/server';
import { inArray } from 'drizzle-orm';
import { mutationLog, syncState } from '../db/schema/index';
import { pushOutbox } from '../../src/lib/sync/push';
import { LAST_ACKED_MID_KEY, readNumber } from '../../src/lib/sync/sync-meta';
import { faulty, SIMULATED_503 } from './fault-transport';
import { count, type Run } from './sim-run';
import type { SimDevice } from './sim-device';
import { localFieldsWrites } from './write-commands';

export const COMMAND_WEIGHTS = {
	write: 40,
	sync: 25,
	submit: 4,
	offline: 3,
	kill: 3,
	wipe: 1.5,
	restart: 1,
	purge: 1.5,
	oldSchema: 1.5,
	deliver: 3,
	clockJump: 2
} as const;
export type CommandName = keyof typeof COMMAND_WEIGHTS;

/** Runs one random command; returns a line for the trace. */
export async function runCommand(run: Run): Promise<string> {
	const { rng, server } = run;
	server.tick(rng.between(1, 2000));
	const device = rng.pick(run.devices);
	const name = rng.weighted(COMMAND_WEIGHTS);
	count(run, `cmd.${name}`);
	const started = performance.now();
	try {
		return await perform(run, device, name);
	} finally {
		count(run, `ms.${name}`, Math.round(performance.now() - started));
	}
}

async function perform(run: Run, device: SimDevice, name: CommandName): Promise<string> {
	const { rng, server } = run;
	switch (name) {
		case 'write': {
			const mutations = await localFieldsWrites(run, device);
			if (mutations.length === 0) return `${device.name} write: nothing to do`;
			const mids = await device.mutate(mutations);
			return `${device.name} write ${mutations.map((m) => m.name).join(',')} → mids ${mids.join(',') || 'none'}`;
		}
		case 'sync':
			return `${device.name} sync: ${describe(await device.round(rng.pick([3, 50, 500])))}`;
		case 'submit':
			return `${device.name} submit: ${await submitOwnedWork(run, device)}`;
		case 'offline':
			device.link.online = !device.link.online;
			return `${device.name} ${device.link.online ? 'online' : 'offline'}`;
		case 'kill': {
			if (!device.link.online || (await device.outboxSize()) === 0)
				return `${device.name} kill: nothing in flight`;
			device.link.killOnNextPush = true;
			const error = await device.round(500);
			device.link.killOnNextPush = false;
			return `${device.name} killed mid-push: ${describe(error)}`;
		}
		case 'wipe': {
			const lost = await device.wipe();
			count(run, 'wipedOutboxEntries', lost);
			return `${device.name} wiped (outbox of ${lost} lost unless delivered), new client ${device.clientId}`;
		}
		case 'restart':
			await server.settle();
			await server.restart();
			return 'relay restarted';
		case 'purge': {
			await server.settle();
			const before = server.now;
			const userIds = run.users.map((u) => u.user.id);
			for (const entry of await server.db
				.select()
				.from(mutationLog)
				.where(inArray(mutationLog.userId, userIds)))
				run.archivedLog.set(`${entry.clientId}:${entry.mid}`, entry);
			const result = await server.purge();
			run.purges.push(before + 1);
			const heads = await server.db
				.select()
				.from(syncState)
				.where(
					inArray(
						syncState.userId,
						run.users.map((u) => u.user.id)
					)
				);
			const cursors = await Promise.all(
				run.devices.map(async (d) => `${d.name}@${await d.cursor()}`)
			);
			return `purge: ${JSON.stringify(result)}; relay ${heads.map((h) => `seq ${h.seq} min ${h.minCursor}`).join(', ')}; cursors ${cursors.join(' ')}`;
		}
		case 'oldSchema':
			return `${device.name} old schema: ${await oldSchemaRound(run, device)}`;
		case 'deliver':
			return `deliver pending: ${await deliverPending(run)}`;
		case 'clockJump':
			server.tick(rng.between(60_000, 3_600_000));
			return 'relay clock jumps ahead';
	}
}

/** An old app version: the relay answers 426 and the outbox is kept as it was. */
async function oldSchemaRound(run: Run, device: SimDevice): Promise<string> {
	const before = await device.db.outbox.toArray();
	device.link.oldSchema = true;
	const error = await device.round(500);
	device.link.oldSchema = false;
	const after = await device.db.outbox.toArray();
	if (error === null) throw new Error(`${device.name}: a round with an old sync schema succeeded`);
	if (
		error instanceof TRPCError &&
		error.message !== SIMULATED_503 &&
		errorDetail(error).code !== 'CLIENT_TOO_OLD'
	)
		throw new Error(`${device.name}: old schema answered ${errorDetail(error).code}, not 426`);
	const kept = before.every((entry) => after.some((a) => a.mid === entry.mid));
	if (!kept) throw new Error(`${device.name}: an old-schema round lost outbox entries`);
	if (error instanceof TRPCError) count(run, 'clientTooOld');
	return describe(error);
}

/** Held-back requests arrive now, in a random order; their answers go nowhere. */
export async function deliverPending(run: Run): Promise<string> {
	const pending = run.world.pending.splice(0);
	const labels: string[] = [];
	while (pending.length) {
		const [request] = pending.splice(run.rng.int(pending.length), 1);
		const outcome = await request.send().then(
			() => 'ok',
			(error: unknown) => describe(error)
		);
		labels.push(`${request.label} (${outcome})`);
	}
	await run.server.settle();
	return labels.join(', ') || 'none';
}

/**
 * What the owner device's queue does: submit every queued item of its running jobs (the item id,
 * or the retry's request id, is the generation id; the claim epoch fences it), and resend an item
 * a retryable failure left submitted under a new id. Waits for the relay to finish them.
 */
export async function submitOwnedWork(run: Run, device: SimDevice): Promise<string> {
	// Like the queue (scheduler beforeSubmit → flushPush): submit only once the outbox is on the relay.
	try {
		await pushOutbox({
			db: device.db,
			transport: device.transport,
			clientId: device.clientId,
			now: () => device.now()
		});
	} catch (error) {
		return `flush failed: ${describe(error)}`;
	}
	const acked = await readNumber(device.db, LAST_ACKED_MID_KEY);
	if ((await device.db.outbox.where('mid').above(acked).count()) > 0) return 'outbox not flushed';
	const jobs = (await device.db.jobs.toArray()).filter(
		(j) => j.ownerClientId === device.clientId && j.state === 'active' && j.deletedAt === null
	);
	const outcomes: string[] = [];
	for (const job of jobs) {
		const items = await device.db.jobItems.where('jobId').equals(job.id).toArray();
		for (const item of items) {
			const resend = item.state === 'submitted' && item.submittedAt === null && item.error !== null;
			if (item.state !== 'queued' && !resend) continue;
			const id = resend ? run.rng.uuidv7(device.now()) : (item.requestId ?? item.id);
			const input = {
				id,
				model: item.model,
				prompt: item.prompt,
				params: item.params,
				sourceHashes: [],
				itemId: item.id,
				claimEpoch: job.claimEpoch
			};
			const outcome = await faulty(
				run.world,
				device.link,
				`submit ${item.id.slice(-4)}`,
				() => device.link.caller().generate.submit(input),
				true
			).then(
				(status) => status.status,
				(error: unknown) => describe(error)
			);
			count(run, 'submits');
			outcomes.push(`${item.id.slice(-4)}:${outcome}`);
		}
	}
	await run.server.settle();
	return outcomes.join(' ') || 'nothing queued';
}

export function describe(error: unknown): string {
	if (error === null || error === undefined) return 'ok';
	if (error instanceof TRPCError) return `${errorDetail(error).code}`;
	return error instanceof Error
		? error.message.slice(0, 80)
		: typeof error === 'string'
			? error
			: JSON.stringify(error);
}
