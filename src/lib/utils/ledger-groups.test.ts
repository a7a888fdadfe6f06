import { describe, expect, it } from 'vitest';
import { groupLedger } from './ledger-groups';

let n = 0;
const entry = (kind: string, amount: number, job: string | null = null) => ({
	id: `e${n++}`,
	kind,
	amount,
	createdAt: 1_000 - n,
	job
});
const jobOf = (e: { job: string | null }) => e.job;

describe('groupLedger', () => {
	it('makes one row of a batch of charges, with its total', () => {
		const sut = groupLedger(
			[
				entry('charge', -1, 'batch'),
				entry('charge', -1, 'batch'),
				entry('charge', -2, 'batch'),
				entry('grant', 20)
			],
			jobOf
		);
		expect(sut.map((group) => [group.kind, group.entries.length, group.amount])).toEqual([
			['charge', 3, -4],
			['grant', 1, 20]
		]);
	});

	it('keeps two Generate presses, refunds and charges of unknown jobs apart', () => {
		const sut = groupLedger(
			[
				entry('refund', 1, 'b'),
				entry('charge', -1, 'b'),
				entry('charge', -1, 'a'),
				entry('charge', -1),
				entry('charge', -1)
			],
			jobOf
		);
		expect(sut.map((group) => group.entries.length)).toEqual([1, 1, 1, 1, 1]);
	});

	it('starts a new group when the same job comes back after another', () => {
		const sut = groupLedger(
			[entry('charge', -1, 'a'), entry('charge', -1, 'b'), entry('charge', -1, 'a')],
			jobOf
		);
		expect(sut).toHaveLength(3);
	});
});
