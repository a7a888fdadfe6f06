/**
 * The item mutations (SYNC §4.7, §4.10): cancel one queued item, retry a failed one. Items only
 * move forward within a round ({@link compareItemProgress}); cancel beats queued but not
 * submitted or settled; a retry starts the next round under a fresh generation id.
 */
import { ItemIdArgsSchema, ItemRetryArgsSchema } from '../../shared/mutations/job.args';
import type { JobItemRow } from '../../shared/schemas/rows';
import type { StudioDB } from '../database';
import { finishJobIfSettled } from './job-rows';
import { MutationError, type MutationDef } from './types';

const tables = (db: StudioDB) => [db.jobs, db.jobItems];
const itemTarget = (args: { id: string }) => [{ entity: 'jobItem' as const, id: args.id }];

async function liveItem(db: StudioDB, name: string, id: string): Promise<JobItemRow> {
	const item = await db.jobItems.get(id);
	if (!item) throw new MutationError(name, 'NOT_FOUND', `No item ${id}`);
	if (item.deletedAt !== null) throw new MutationError(name, 'DELETED', `Item ${id} is deleted`);
	return item;
}

export const itemMutations = {
	/** Cancels an item still queued; one the relay took (submitted) or settled is left as it is. */
	'item.cancel': {
		schema: ItemIdArgsSchema,
		tables,
		targets: itemTarget,
		async apply(db, args, now) {
			const item = await liveItem(db, 'item.cancel', args.id);
			if (item.state !== 'queued') return null;
			await db.jobItems.update(item.id, { state: 'cancelled', finishedAt: now, updatedAt: now });
			await finishJobIfSettled(db, item.jobId, now);
			return args;
		}
	} satisfies MutationDef<typeof ItemIdArgsSchema>,

	/**
	 * Queues a failed item again in the next round, under `requestId` (the relay keeps the failed
	 * try under the old id), and reopens its job.
	 */
	'item.retry': {
		schema: ItemRetryArgsSchema,
		tables,
		targets: itemTarget,
		async apply(db, args, now) {
			const item = await liveItem(db, 'item.retry', args.id);
			if (item.state !== 'failed') return null;
			await db.jobItems.update(item.id, {
				state: 'queued',
				round: (item.round ?? 0) + 1,
				requestId: args.requestId,
				attempts: 0,
				nextAttemptAt: 0,
				error: null,
				submittedAt: null,
				finishedAt: null,
				updatedAt: now
			});
			await db.jobs
				.where('id')
				.equals(item.jobId)
				.and((job) => job.state !== 'paused')
				.modify({ state: 'active', updatedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof ItemRetryArgsSchema>
};
