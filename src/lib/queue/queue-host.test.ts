import { afterEach, describe, expect, it } from 'vitest';
import { StudioDB } from '../db/database';
import { createJob } from '../db/job.repository';
import { uuidv7 } from '../shared/ids';
import { QueueHost, type QueueHostEnvironment } from './queue-host';
import { mutateOne } from '../db/mutations/mutate';
import { FakeSyncRelay } from '../testing/fake-sync-relay';
import { ScriptedRelay } from './scripted-relay';

/** Web Locks in one process: exclusive, first come first served, abortable while waiting. */
class FakeLocks {
	readonly #held = new Set<string>();
	readonly #waiting = new Map<string, Array<() => void>>();

	request(
		name: string,
		options: { signal?: AbortSignal },
		callback: () => Promise<void>
	): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const run = () => {
				this.#held.add(name);
				// Like navigator.locks: settles as the callback does, after the lock is released.
				callback()
					.finally(() => {
						this.#held.delete(name);
						this.#waiting.get(name)?.shift()?.();
					})
					.then(resolve, reject);
			};
			if (!this.#held.has(name)) return run();
			const queue = this.#waiting.get(name) ?? [];
			queue.push(run);
			this.#waiting.set(name, queue);
			options.signal?.addEventListener('abort', () => {
				const at = queue.indexOf(run);
				if (at >= 0) queue.splice(at, 1);
				reject(new DOMException('aborted', 'AbortError'));
			});
		});
	}
}

/** BroadcastChannel between hosts in one process. */
function channels() {
	const open = new Set<{ name: string; onmessage: ((event: MessageEvent) => void) | null }>();
	return (name: string) => {
		const channel = {
			name,
			onmessage: null as ((event: MessageEvent) => void) | null,
			postMessage(data: unknown) {
				for (const other of open)
					if (other !== channel && other.name === name) other.onmessage?.({ data } as MessageEvent);
			},
			close() {
				open.delete(channel);
			}
		};
		open.add(channel);
		return channel;
	};
}

const until = async (check: () => boolean | Promise<boolean>) => {
	for (let i = 0; i < 400 && !(await check()); i++)
		await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('QueueHost', () => {
	const hosts: QueueHost[] = [];
	afterEach(async () => {
		await Promise.all(hosts.map((host) => host.stop()));
		hosts.length = 0;
	});

	it('lets one tab lead, hands over when it stops, and runs every item once across both', async () => {
		const name = `nbs-host-${uuidv7()}`;
		// Settled in the submit answer: the status poll is a 10 s backstop now (results come by sync).
		const relay = new ScriptedRelay({ pollsToFinish: 0 });
		const env: QueueHostEnvironment = {
			relay,
			locks: new FakeLocks(),
			isOnline: () => true,
			openChannel: channels()
		};
		const leaders: boolean[][] = [[], []];
		const [first, second] = [new QueueHost(env), new QueueHost(env)];
		hosts.push(first, second);
		await first.start(name, { onLeader: (is) => leaders[0].push(is) });
		await second.start(name, { onLeader: (is) => leaders[1].push(is) });
		await until(() => first.isLeader);
		expect(first.isLeader).toBe(true);
		expect(second.isLeader).toBe(false);

		const db = new StudioDB(name);
		const { items } = await createJob(db, {
			kind: 'prompts',
			name: 'x',
			model: 'demo/sketch',
			params: { aspectRatio: '1:1' },
			concurrency: 2,
			items: Array.from({ length: 6 }, (_, i) => ({ prompt: `p${i}` }))
		});
		second.kick(); // a follower's kick wakes the leader through the channel
		await until(async () => (await db.jobItems.where('state').equals('done').count()) >= 2);
		await first.stop(); // the leader's tab closes
		await until(() => second.isLeader);
		expect(leaders[1]).toContain(true);
		await until(async () => (await db.jobItems.where('state').equals('done').count()) === 6);

		expect(await db.jobItems.where('state').equals('done').count()).toBe(6);
		expect([...relay.started].sort()).toEqual(items.map((item) => item.id).sort());
		db.close();
		await new StudioDB(name).delete();
	});

	it('syncs in the leader only, woken by an outbox write in another tab, and passes on the pulled balance', async () => {
		const name = `nbs-host-${uuidv7()}`;
		const sync = new FakeSyncRelay();
		sync.credits = 42;
		const env: QueueHostEnvironment = {
			relay: new ScriptedRelay(),
			locks: new FakeLocks(),
			isOnline: () => true,
			openChannel: channels(),
			sync: { transport: sync }
		};
		const balances: number[] = [];
		const [leader, follower] = [new QueueHost(env), new QueueHost(env)];
		hosts.push(leader, follower);
		await leader.start(name, { onBalance: (credits) => balances.push(credits) });
		await follower.start(name, {});
		await until(() => balances.length > 0);

		const tab = new StudioDB(name); // another tab's connection
		await mutateOne(tab, 'prompt.create', { id: 'p1', title: 'Fox', text: 'a fox' });
		await until(() => sync.prompt('p1') !== null);

		expect(sync.prompt('p1')).toMatchObject({ title: 'Fox' });
		expect(balances[0]).toBe(42);
		expect(sync.calls.filter((call) => call.startsWith('push'))).toEqual(['push:1-1']);
		tab.close();
		await Promise.all(hosts.map((host) => host.stop()));
		await new StudioDB(name).delete();
	});
});
