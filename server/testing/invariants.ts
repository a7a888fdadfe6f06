/**
 * The money invariants of RELIABILITY.md §7.0 (I1–I7), checked against the database after every
 * money test. Reads one consistent snapshot (repeatable read), so generations finishing in the
 * background cannot make a false alarm.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { creditLedger, generations, images, users } from '../db/schema/index';
import { rowsOf } from '../db/rows';

export interface InvariantOptions {
	/** The relay should be idle: nothing queued or running (I6 "returns to 0"). */
	idle?: boolean;
	/** The global provider cap: running generations with a live lease never exceed it (I6). */
	concurrency?: number;
	/** Calls the fake provider received: equals the generations that reached the provider (I5). */
	providerCalls?: number;
	/** "Now" for lease checks (default Date.now()). */
	now?: number;
	/**
	 * The sync purge ran: it hard-deletes images discarded long ago (SYNC §4.8), so a done
	 * generation may have no image row left. Its charge and refund are still checked.
	 */
	imagesMayBePurged?: boolean;
}

/** Every violated invariant, as a readable line; empty when all hold. */
export async function findInvariantViolations(
	db: Db,
	options: InvariantOptions = {}
): Promise<string[]> {
	const now = options.now ?? Date.now();
	const snapshot = await db.transaction(
		async (tx) => {
			const constraint = rowsOf<{ conname: string }>(
				await tx.execute(
					sql`select conname from pg_constraint where conname = 'users_credits_nonnegative' and contype = 'c'`
				)
			);
			return {
				hasCheck: constraint.length === 1,
				users: await tx.select({ id: users.id, credits: users.credits }).from(users),
				ledger: await tx
					.select({
						userId: creditLedger.userId,
						amount: creditLedger.amount,
						kind: creditLedger.kind,
						generationId: creditLedger.generationId
					})
					.from(creditLedger),
				generations: await tx
					.select({
						userId: generations.userId,
						id: generations.id,
						status: generations.status,
						price: generations.price,
						leaseUntil: generations.leaseUntil,
						startedAt: generations.startedAt
					})
					.from(generations),
				images: await tx
					.select({
						userId: images.userId,
						generationId: images.generationId,
						outputIndex: images.outputIndex
					})
					.from(images)
			};
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);

	const problems: string[] = [];
	// I1: no negative balance, and the CHECK constraint backs it.
	if (!snapshot.hasCheck) problems.push('I1: CHECK users_credits_nonnegative is missing');
	for (const u of snapshot.users)
		if (u.credits < 0) problems.push(`I1: user ${u.id} has balance ${u.credits}`);

	// I2: balance = ledger sum.
	const sums = new Map<string, number>();
	for (const e of snapshot.ledger) sums.set(e.userId, (sums.get(e.userId) ?? 0) + e.amount);
	for (const u of snapshot.users) {
		const sum = sums.get(u.id) ?? 0;
		if (sum !== u.credits)
			problems.push(`I2: user ${u.id} balance ${u.credits} != ledger sum ${sum}`);
	}

	// I3/I4: one charge per generation, a refund exactly when it failed (priced), pending only with a live lease.
	const byGeneration = new Map<string, { kind: string; amount: number }[]>();
	for (const e of snapshot.ledger) {
		if (!e.generationId) continue;
		const key = `${e.userId}:${e.generationId}`;
		byGeneration.set(key, [...(byGeneration.get(key) ?? []), e]);
	}
	const imageCount = new Map<string, number>();
	for (const i of snapshot.images) {
		const key = `${i.userId}:${i.generationId}`;
		imageCount.set(key, (imageCount.get(key) ?? 0) + 1);
	}
	const known = new Set<string>();
	for (const g of snapshot.generations) {
		const key = `${g.userId}:${g.id}`;
		known.add(key);
		const entries = byGeneration.get(key) ?? [];
		const charges = entries.filter((e) => e.kind === 'charge');
		const refunds = entries.filter((e) => e.kind === 'refund');
		if (charges.length !== 1 || charges[0].amount !== -g.price)
			problems.push(
				`I3: generation ${g.id} has charges ${JSON.stringify(charges)} for price ${g.price}`
			);
		if (refunds.length > 1 || refunds.some((r) => r.amount !== g.price))
			problems.push(`I3: generation ${g.id} has refunds ${JSON.stringify(refunds)}`);
		const refunded = refunds.length === 1;
		const images = imageCount.get(key) ?? 0;
		if (g.status === 'done' && (refunded || (images === 0 && !options.imagesMayBePurged)))
			problems.push(`I3: done generation ${g.id} refunded=${refunded} images=${images}`);
		if (g.status === 'failed' && (refunded !== g.price > 0 || images > 0))
			problems.push(`I3: failed generation ${g.id} refunded=${refunded} images=${images}`);
		if (g.status === 'queued' || g.status === 'running') {
			if (refunded) problems.push(`I3: ${g.status} generation ${g.id} is already refunded`);
			if (g.leaseUntil < now)
				problems.push(
					`I4: ${g.status} generation ${g.id} is past its lease by ${now - g.leaseUntil} ms`
				);
		}
		if (g.status === 'queued' && g.startedAt !== null)
			problems.push(`I5: queued generation ${g.id} has a start time`);
		// I7: one output image per generation here (one submit = one image).
		if (images > 1) problems.push(`I7: generation ${g.id} has ${images} images`);
	}
	for (const key of byGeneration.keys())
		if (!known.has(key)) problems.push(`I3: ledger rows for unknown generation ${key}`);

	// I5: every generation that reached the provider, and no other, made one provider call.
	if (options.providerCalls !== undefined) {
		const started = snapshot.generations.filter((g) => g.startedAt !== null).length;
		if (started !== options.providerCalls)
			problems.push(
				`I5: ${options.providerCalls} provider calls for ${started} started generations`
			);
	}

	// I6: slots in use = running generations, within the cap, and back to 0 when idle.
	const running = snapshot.generations.filter(
		(g) => g.status === 'running' && g.leaseUntil >= now
	).length;
	const queued = snapshot.generations.filter((g) => g.status === 'queued').length;
	if (options.concurrency !== undefined && running > options.concurrency)
		problems.push(`I6: ${running} running over the cap of ${options.concurrency}`);
	if (options.idle && running + queued > 0)
		problems.push(`I6: not idle: ${running} running, ${queued} queued`);
	return problems;
}

/** Throws with every violation listed when any invariant fails. */
export async function assertInvariants(db: Db, options: InvariantOptions = {}): Promise<void> {
	const problems = await findInvariantViolations(db, options);
	if (problems.length) throw new Error(`Invariants violated:\n  ${problems.join('\n  ')}`);
}
