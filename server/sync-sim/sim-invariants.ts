/**
 * Invariants 1–8 of SYNC §5.1 over a run: the cheap cursor checks after every step, and after
 * quiescence convergence, server = oracle, no lost acknowledged writes, exactly-once, money and
 * generations, blobs and cross-user isolation. Returns readable problems; changes nothing.
 */
import { eq, inArray } from 'drizzle-orm';
import { sha256Hex } from '#shared/hash';
import type { Change } from '#shared/schemas/sync';
import { entityDef, parseRow, syncedTables } from '../../src/lib/sync/entities';
import {
	images,
	jobItems,
	jobs,
	mutationLog,
	prompts,
	syncClients,
	syncState
} from '../db/schema/index';
import { findInvariantViolations } from '../testing/invariants';
import { testDevice } from '../testing/sync-kit';
import { canonical } from './canonical';
import { compareWithServer, replayPrompts, type OracleEvent } from './prompt-oracle';
import type { Run, SimUser } from './sim-run';

/** Columns only a device keeps (SYNC §4.3 "ignoring seq and local-only columns"). */
const LOCAL_ONLY = ['discardedAt', 'nextAttemptAt', 'seq'];

export async function serverSeq(run: Run, userId: string): Promise<number> {
	const [row] = await run.server.db
		.select({ seq: syncState.seq })
		.from(syncState)
		.where(eq(syncState.userId, userId));
	return row?.seq ?? 0;
}

/** Invariant 7, after every step: cursors move forward (except across a reset or a wipe) and never pass the relay. */
export async function cursorProblems(run: Run): Promise<string[]> {
	const problems: string[] = [];
	const seqs = new Map<string, number>();
	for (const su of run.users) seqs.set(su.user.id, await serverSeq(run, su.user.id));
	for (const device of run.devices) {
		const cursor = await device.cursor();
		const seq = seqs.get(device.user.id)!;
		if (cursor > seq)
			problems.push(`I7 ${device.name}: cursor ${cursor} is above the relay's seq ${seq}`);
		if (cursor < device.lastCursor && device.link.resets === device.lastResets)
			problems.push(
				`I7 ${device.name}: cursor went back from ${device.lastCursor} to ${cursor} without a reset`
			);
		device.lastCursor = cursor;
		device.lastResets = device.link.resets;
	}
	return problems;
}

/** The relay's rows for a user, as a fresh device would store them, keyed `entity/id`. */
async function serverRows(run: Run, su: SimUser): Promise<Map<string, Record<string, unknown>>> {
	const { changes } = await testDevice(run.server.caller(su.user)).pullAll(0, 2000);
	const latest = new Map<string, Change>();
	for (const change of changes) latest.set(`${change.entity}/${change.id}`, change);
	const rows = new Map<string, Record<string, unknown>>();
	for (const [key, change] of latest)
		if ('row' in change) rows.set(key, parseRow(change.entity as never, change.id, change.row)!);
	return rows;
}

const strip = (row: Record<string, unknown>) =>
	canonical(
		Object.fromEntries(
			Object.entries(row).filter(([k, v]) => !LOCAL_ONLY.includes(k) && v !== undefined)
		)
	);

/** Every final invariant; the run must be quiescent. */
export async function finalProblems(run: Run): Promise<string[]> {
	const problems: string[] = [];
	const db = run.server.db;
	const ownIds = new Map<string, Set<string>>();
	for (const su of run.users) {
		const rows = await serverRows(run, su);
		ownIds.set(su.user.id, new Set(rows.keys()));
		// 1. Convergence.
		for (const device of su.devices) {
			const local = new Map<string, Record<string, unknown>>();
			for (const table of syncedTables(device.db)) {
				const entity = (
					['prompt', 'image', 'job', 'jobItem', 'collection', 'collectionImage'] as const
				).find((e) => entityDef(e).table(device.db) === table)!;
				for (const row of (await table.toArray()) as Record<string, unknown>[])
					local.set(`${entity}/${entityDef(entity).idOf(row)}`, row);
			}
			for (const [key, row] of rows) {
				const mine = local.get(key);
				if (!mine) problems.push(`I1 ${device.name}: lacks ${key}`);
				else if (strip(mine) !== strip(row))
					problems.push(
						`I1 ${device.name}: ${key} differs:\n    device ${strip(mine)}\n    relay  ${strip(row)}`
					);
			}
			for (const key of local.keys())
				if (!rows.has(key))
					problems.push(
						`I1/I8 ${device.name}: holds ${key}, which the relay does not serve to this user`
					);
			if ((await device.db.unknownRows.count()) > 0)
				problems.push(`I1 ${device.name}: unknown rows kept`);
		}
		// 2. Server = oracle (prompts).
		const log = [...(await fullLog(run)).values()].filter(
			(e) => e.userId === su.user.id && e.status === 'ok'
		);
		const events: OracleEvent[] = [
			...log.map((e) => ({ at: e.at, mid: e.mid, name: e.name, args: e.args })),
			...run.purges.map((at) => ({ at, mid: 0 as const, name: 'purge' as const, args: null }))
		];
		const { prompts: model, anomalies } = replayPrompts(events);
		problems.push(...anomalies.map((a) => `I2: the model refuses ${a}`));
		const promptRows = new Map(
			[...rows]
				.filter(([k]) => k.startsWith('prompt/'))
				.map(([k, v]) => [k.slice('prompt/'.length), v])
		);
		problems.push(...compareWithServer(model, promptRows).map((p) => `I2 ${p}`));
		// 3 + 4. No lost acknowledged writes; exactly once.
		problems.push(...(await ackProblems(run, su)));
		// 7. Cursors end at the relay's seq.
		const seq = await serverSeq(run, su.user.id);
		for (const device of su.devices)
			if ((await device.cursor()) !== seq)
				problems.push(`I7 ${device.name}: cursor ${await device.cursor()} != seq ${seq}`);
	}
	// 8. Isolation: every row served to a user is that user's in the database.
	for (const su of run.users) {
		const owned = new Set<string>();
		for (const [entity, table] of [
			['prompt', prompts],
			['image', images],
			['job', jobs],
			['jobItem', jobItems]
		] as const) {
			for (const r of await db
				.select({ id: table.id })
				.from(table)
				.where(eq(table.userId, su.user.id)))
				owned.add(`${entity}/${r.id}`);
		}
		for (const key of ownIds.get(su.user.id)!)
			if (!key.startsWith('collection') && !owned.has(key))
				problems.push(`I8: ${key} served to ${su.user.email} is not theirs`);
	}
	// 5. Money and generations (ledger = balance, one charge per generation, ≤ 1 image each).
	// Purges (of this run or an earlier one on the shared relay) may have removed discarded images.
	problems.push(
		...(
			await findInvariantViolations(db, { idle: true, imagesMayBePurged: run.server.purged })
		).map((p) => `I5 ${p}`)
	);
	// 6. Blobs: every image's bytes are on the relay under their hash.
	const userIds = run.users.map((u) => u.user.id);
	for (const image of await db
		.select({ sha: images.sha256, thumb: images.thumbSha256 })
		.from(images)
		.where(inArray(images.userId, userIds))) {
		for (const hash of [image.sha, image.thumb]) {
			const bytes = await run.server.relay.deps.blobStore.get(hash);
			if (!bytes || (await sha256Hex(bytes)) !== hash)
				problems.push(`I6: blob ${hash.slice(0, 12)} missing or corrupt`);
		}
	}
	return problems;
}

/** The relay's mutation log now, plus what the purges pruned from it (see Run.archivedLog). */
async function fullLog(run: Run): Promise<Map<string, typeof mutationLog.$inferSelect>> {
	const log = new Map(run.archivedLog);
	for (const entry of await run.server.db.select().from(mutationLog))
		log.set(`${entry.clientId}:${entry.mid}`, entry);
	return log;
}

/** Every mid a device made is in the log unless a wipe took it first (counted); last_mid is the highest. */
async function ackProblems(run: Run, su: SimUser): Promise<string[]> {
	const problems: string[] = [];
	for (const device of su.devices) {
		for (const record of device.made) {
			const logged = new Set(
				[...(await fullLog(run)).values()]
					.filter((e) => e.clientId === record.clientId)
					.map((r) => r.mid)
			);
			const wiped = new Set(
				device.wiped.filter((w) => w.clientId === record.clientId).flatMap((w) => w.mids)
			);
			for (const mid of record.mids) {
				if (logged.has(mid)) continue;
				if (wiped.has(mid)) run.stats.lostToWipe = (run.stats.lostToWipe ?? 0) + 1;
				else
					problems.push(
						`I3 ${device.name}: mid ${mid} of ${record.clientId} left the outbox but the relay never logged it`
					);
			}
			const [client] = await run.server.db
				.select({ lastMid: syncClients.lastMid })
				.from(syncClients)
				.where(eq(syncClients.clientId, record.clientId));
			const highest = Math.max(0, ...record.mids.filter((m) => logged.has(m) || !wiped.has(m)));
			if ((client?.lastMid ?? 0) !== highest)
				problems.push(
					`I4 ${device.name}: last_mid ${client?.lastMid ?? 0} of ${record.clientId}, highest kept mid ${highest}`
				);
		}
	}
	return problems;
}
