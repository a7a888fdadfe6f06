/**
 * Tells the scheduler's hooks about settled items of this device's jobs exactly once, whether the
 * scheduler stored the result itself (status poll, submit answer) or a sync pull wrote it (the
 * relay's item state and image rows). Remembers in memory only: after a reload, items that
 * settled while no tab was open are not announced again.
 */
import type { StudioDB } from '../db/database';
import { closeJobIfSettled } from '../db/job.repository';
import { isOpenItem } from '../db/mutations/item-order';
import type { JobItemRow } from '../shared/schemas/rows';
import type { SchedulerHooks } from './scheduler-types';

export class SettlementWatch {
	/** Items sent (or seen at the relay) and not yet announced: id → round. */
	readonly #watched = new Map<string, number>();
	readonly #announced = new Set<string>();
	/** Jobs whose finish was announced; forgotten when they run again (retry). */
	readonly #finishedJobs = new Set<string>();

	constructor(
		private readonly db: StudioDB,
		private readonly hooks: SchedulerHooks,
		private readonly now: () => number
	) {}

	/** Remembers an item of this device's that the relay is (or will be) working on. */
	watch(item: JobItemRow): void {
		if (!this.#announced.has(keyOf(item))) this.#watched.set(item.id, item.round ?? 0);
	}

	/** Jobs running again may be announced as finished again later. */
	reopened(jobIds: Iterable<string>): void {
		for (const id of jobIds) this.#finishedJobs.delete(id);
	}

	/**
	 * Reads the watched items not in `skip` (still at the relay, or busy) and announces those that
	 * settled meanwhile. Returns whether any did.
	 */
	async check(skip: (id: string) => boolean): Promise<boolean> {
		const ids = [...this.#watched.keys()].filter((id) => !skip(id));
		if (ids.length === 0) return false;
		const rows = await this.db.jobItems.bulkGet(ids);
		let any = false;
		for (const [i, id] of ids.entries()) {
			const row = rows[i];
			if (!row || (row.round ?? 0) !== this.#watched.get(id))
				this.#watched.delete(id); // gone, or retried into a new round
			else if (!isOpenItem(row)) any = (await this.announce(row)) || any;
		}
		if (any) this.hooks.onSettled?.();
		return any;
	}

	/** Announces one settled item (failed → onItemFailed) and its job's finish, each once. */
	async announce(item: JobItemRow): Promise<boolean> {
		const key = keyOf(item);
		this.#watched.delete(item.id);
		if (this.#announced.has(key) || item.state === 'cancelled') return false;
		this.#announced.add(key);
		if (item.state === 'failed') this.hooks.onItemFailed?.(item, item.error?.code ?? 'INTERNAL');
		const job = await closeJobIfSettled(this.db, item.jobId, this.now());
		if (job?.state === 'done' && !this.#finishedJobs.has(job.id)) {
			this.#finishedJobs.add(job.id);
			this.hooks.onJobFinished?.(job);
		}
		return true;
	}
}

const keyOf = (item: Pick<JobItemRow, 'id' | 'round'>) => `${item.id}:${item.round ?? 0}`;
