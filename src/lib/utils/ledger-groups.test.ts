import { describe, expect, it } from 'vitest';
import { GROUP_GAP_MS, groupLedger } from './ledger-groups';

let n = 0;
const entry = (kind: string, amount: number, createdAt: number, reason: string | null = null) => ({ id: `e${n++}`, kind, amount, reason, createdAt });

describe('groupLedger', () => {
	it('makes one row of a batch of charges, with its total', () => {
		const sut = groupLedger([entry('charge', -1, 5_000), entry('charge', -1, 4_000), entry('charge', -2, 3_000), entry('grant', 20, 1_000, 'Starting credits')]);
		expect(sut.map((group) => [group.kind, group.entries.length, group.amount])).toEqual([
			['charge', 3, -4],
			['grant', 1, 20]
		]);
		expect(sut[0].createdAt).toBe(5_000);
	});

	it('keeps refunds apart from charges, and runs far apart in time apart', () => {
		const sut = groupLedger([entry('refund', 1, 10_000_000), entry('charge', -1, 9_999_000), entry('charge', -1, 9_999_000 - GROUP_GAP_MS - 1)]);
		expect(sut.map((group) => group.entries.length)).toEqual([1, 1, 1]);
	});

	it('never merges entries that carry their own reason', () => {
		const sut = groupLedger([entry('grant', 5, 2_000, 'Thanks'), entry('grant', 5, 1_000, 'Thanks')]);
		expect(sut).toHaveLength(2);
	});
});
