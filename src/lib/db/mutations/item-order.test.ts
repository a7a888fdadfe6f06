import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import type { ItemState, JobItemRow } from '../../shared/schemas/rows';
import { deleteTestDB, makeTestDB } from '../../testing/factories';
import { createJob, updateActiveItem } from '../job.repository';
import { compareItemProgress, mergeItemRow } from './item-order';
import { mutateOne } from './mutate';

const STATES: ItemState[] = ['queued', 'submitted', 'done', 'failed', 'cancelled'];

/** One step: a person's mutation, a row the relay wrote (arriving by pull), or the scheduler's cached write. */
const step = fc.oneof(
	fc.record({ kind: fc.constant('cancel' as const) }),
	fc.record({ kind: fc.constant('retry' as const) }),
	// The relay's row for this round or an older one (a late or repeated page).
	fc.record({
		kind: fc.constant('relay' as const),
		state: fc.constantFrom(...STATES),
		roundsBack: fc.integer({ min: 0, max: 2 })
	}),
	// The scheduler writes from a row it read `staleBy` steps ago.
	fc.record({
		kind: fc.constant('scheduler' as const),
		state: fc.constantFrom<ItemState>('submitted', 'done', 'failed'),
		staleBy: fc.integer({ min: 0, max: 3 })
	})
);

describe('item progress', () => {
	it('never moves an item backwards within a round under any mix of mutations, pulls and scheduler writes', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
				const sut = makeTestDB();
				try {
					const { items } = await createJob(sut, {
						kind: 'prompts',
						name: 'p',
						model: 'm',
						params: { aspectRatio: '1:1' },
						concurrency: 1,
						items: [{ prompt: 'x' }]
					});
					const id = items[0].id;
					const seen: JobItemRow[] = [items[0]];
					for (const s of steps) {
						const before = (await sut.jobItems.get(id))!;
						if (s.kind === 'cancel') await mutateOne(sut, 'item.cancel', { id });
						else if (s.kind === 'retry')
							await mutateOne(sut, 'item.retry', { id, requestId: uuidv7() });
						else if (s.kind === 'relay') {
							const incoming = {
								...before,
								state: s.state,
								round: Math.max(0, before.round - s.roundsBack)
							};
							await sut.jobItems.put(mergeItemRow(before, incoming));
						} else {
							const read = seen[Math.max(0, seen.length - 1 - s.staleBy)];
							await updateActiveItem(sut, read, { state: s.state });
						}
						const after = (await sut.jobItems.get(id))!;
						expect(
							compareItemProgress(after, before),
							`${before.round}/${before.state} → ${after.round}/${after.state} on ${JSON.stringify(s)}`
						).toBeGreaterThanOrEqual(0);
						seen.push(after);
					}
				} finally {
					await deleteTestDB(sut);
				}
			}),
			{ numRuns: 60 }
		);
	}, 60_000);

	it('keeps the stored row when the incoming one is behind, and takes the incoming one otherwise', () => {
		const row = (state: ItemState, round: number) => ({ state, round }) as JobItemRow;

		expect(mergeItemRow(row('done', 0), row('submitted', 0))).toEqual(row('done', 0));
		expect(mergeItemRow(row('failed', 0), row('queued', 1))).toEqual(row('queued', 1));
		expect(mergeItemRow(row('queued', 1), row('failed', 0))).toEqual(row('queued', 1));
		expect(mergeItemRow(row('done', 0), row('failed', 0))).toEqual(row('failed', 0));
	});
});
