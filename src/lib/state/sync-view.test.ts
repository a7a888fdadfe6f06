import { describe, expect, it } from 'vitest';
import { INITIAL_SYNC_STATUS, type SyncRejection, type SyncStatus } from '../sync/status';
import { describeSync, refusedEntity, type SyncFacts } from './sync-view';

const rejection: SyncRejection = {
	mid: 3,
	name: 'prompt.patch',
	args: {},
	code: 'DELETED',
	message: 'in trash',
	at: 1
};
function facts(
	status: Partial<SyncStatus> = {},
	rest: Partial<Omit<SyncFacts, 'status'>> = {}
): SyncFacts {
	return {
		status: { ...INITIAL_SYNC_STATUS, ...status },
		pending: 0,
		rejections: [],
		isBrowserOnline: true,
		...rest
	};
}

describe('describeSync', () => {
	it('says synced when the loop is idle and nothing waits', () => {
		expect(describeSync(facts())).toEqual({ kind: 'synced' });
	});

	it('counts the waiting changes as syncing when the outbox is not empty', () => {
		expect(describeSync(facts({}, { pending: 4 }))).toEqual({ kind: 'syncing', pending: 4 });
	});

	it('says offline with the waiting count when the browser is offline, whatever the loop last said', () => {
		expect(
			describeSync(facts({ phase: 'syncing' }, { pending: 2, isBrowserOnline: false }))
		).toEqual({ kind: 'offline', pending: 2 });
	});

	it('puts an update before everything else when the relay refused this app version', () => {
		const sut = describeSync(
			facts(
				{ phase: 'update-required' },
				{ pending: 5, isBrowserOnline: false, rejections: [rejection] }
			)
		);
		expect(sut).toEqual({ kind: 'update', pending: 5 });
	});

	it('shows refused changes until they are dismissed when the loop is otherwise fine', () => {
		expect(describeSync(facts({}, { rejections: [rejection, { ...rejection, mid: 4 }] }))).toEqual({
			kind: 'refused',
			count: 2
		});
	});

	it('reports first-sync progress when a bootstrap is running', () => {
		expect(
			describeSync(facts({ phase: 'syncing', bootstrap: { done: 1200, total: 10000 } }))
		).toEqual({ kind: 'first-sync', done: 1200, total: 10000 });
	});

	it('says signed out when the relay ended the session', () => {
		expect(describeSync(facts({ phase: 'signed-out' }, { pending: 1 }))).toEqual({
			kind: 'signed-out',
			pending: 1
		});
	});
});

describe('refusedEntity', () => {
	it('names the entity of a known mutation and "other" for an unknown one', () => {
		expect(refusedEntity('item.retry')).toBe('item');
		expect(refusedEntity('tag.add')).toBe('tag');
		expect(refusedEntity('album.rename')).toBe('other');
	});
});
