/**
 * One seeded case of the simulation: random commands with the cheap checks after each, then heal
 * everything and run rounds until quiet (a bound on rounds: hitting it is a liveness failure),
 * then the final invariants. Throws with the seed, the replay command and the trace tail.
 */
import { and, inArray } from 'drizzle-orm';
import { jobItems } from '../db/schema/index';
import { deliverPending, describe, runCommand, submitOwnedWork } from './commands';
import { cursorProblems, finalProblems, serverSeq } from './sim-invariants';
import { endRun, startRun, type Run } from './sim-run';
import type { SimServer } from './sim-server';

/** Rounds of every device after healing before the run counts as stuck. */
export const MAX_HEAL_ROUNDS = 8;

export interface CaseResult {
	seed: number;
	commands: number;
	healRounds: number;
	stats: Record<string, number>;
}

export class SimFailure extends Error {}

export async function runCase(
	seed: number,
	commands: number,
	server: SimServer
): Promise<CaseResult> {
	const t0 = performance.now();
	const run = await startRun(seed, server);
	run.stats['ms.start'] = Math.round(performance.now() - t0);
	try {
		for (let step = 0; step < commands; step++) {
			run.trace.push(`#${step} ${await runCommand(run)}`);
			const problems = await cursorProblems(run);
			if (problems.length) fail(run, problems);
		}
		let t = performance.now();
		const healRounds = await heal(run);
		run.stats['ms.heal'] = Math.round(performance.now() - t);
		t = performance.now();
		const problems = await finalProblems(run);
		run.stats['ms.final'] = Math.round(performance.now() - t);
		if (problems.length) fail(run, problems);
		if (process.env.SYNC_SIM_TRACE) console.info(run.trace.join('\n'));
		return { seed, commands, healRounds, stats: run.stats };
	} catch (error) {
		if (error instanceof SimFailure) throw error;
		fail(run, [
			`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
		]);
	} finally {
		await endRun(run);
	}
}

/** Every device online and current, faults off, late requests delivered; rounds until quiet. */
async function heal(run: Run): Promise<number> {
	run.trace.push('-- heal');
	run.world.faultRate = 0;
	run.world.interleave = undefined;
	for (const device of run.devices)
		Object.assign(device.link, { online: true, oldSchema: false, killOnNextPush: false });
	await deliverPending(run);
	for (let round = 1; round <= MAX_HEAL_ROUNDS; round++) {
		for (const device of run.devices) {
			// A device with nothing to send that is current has nothing to do this round.
			if (
				(await device.outboxSize()) === 0 &&
				(await device.cursor()) === (await serverSeq(run, device.user.id))
			)
				continue;
			const error = await device.round(500);
			if (error) run.trace.push(`heal ${round} ${device.name}: ${describe(error)}`);
		}
		for (const device of run.devices) await submitOwnedWork(run, device);
		await claimOrphans(run);
		const problems = await cursorProblems(run);
		if (problems.length) fail(run, problems);
		if (await quiet(run)) return round;
	}
	fail(run, [`liveness: not quiet after ${MAX_HEAL_ROUNDS} healed rounds`, ...(await noise(run))]);
}

/** Jobs whose owner device is gone (wiped) are taken over by the first device of the user. */
async function claimOrphans(run: Run): Promise<void> {
	for (const su of run.users) {
		const alive = new Set(su.devices.map((d) => d.clientId));
		const heir = su.devices[0];
		for (const job of await heir.db.jobs.toArray()) {
			if (job.state !== 'active' || job.deletedAt !== null || alive.has(job.ownerClientId ?? ''))
				continue;
			await heir.mutate([{ name: 'job.claim', args: { id: job.id, epoch: job.claimEpoch } }]);
			run.trace.push(`heal: ${heir.name} claims orphaned job ${job.id.slice(-4)}`);
		}
	}
}

async function quiet(run: Run): Promise<boolean> {
	return (await noise(run)).length === 0;
}

/** What is still moving: outboxes, cursors behind, open items, held requests. */
async function noise(run: Run): Promise<string[]> {
	const left: string[] = [];
	for (const device of run.devices) {
		const outbox = await device.outboxSize();
		const cursor = await device.cursor();
		const seq = await serverSeq(run, device.user.id);
		if (outbox) left.push(`${device.name}: ${outbox} in the outbox`);
		if (cursor !== seq) left.push(`${device.name}: cursor ${cursor} of ${seq}`);
	}
	const open = await run.server.db
		.select({ id: jobItems.id, state: jobItems.state })
		.from(jobItems)
		.where(
			and(
				inArray(
					jobItems.userId,
					run.users.map((u) => u.user.id)
				),
				inArray(jobItems.state, ['queued', 'submitted'])
			)
		);
	for (const item of open) left.push(`item ${item.id} still ${item.state}`);
	if (run.world.pending.length) left.push(`${run.world.pending.length} requests held`);
	return left;
}

function fail(run: Run, problems: string[]): never {
	const replay = `SYNC_SIM_SEED=${run.seed} npx vitest run server/sync-sim`;
	const tail = run.trace.slice(-80).join('\n  ');
	throw new SimFailure(
		`sync simulation seed ${run.seed} failed (replay: ${replay})\n${problems.join('\n')}\n  trace (last 80):\n  ${tail}`
	);
}
