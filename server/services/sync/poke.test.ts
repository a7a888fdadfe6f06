import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpSubscriptionLink, splitLink, httpBatchLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER } from '#shared/protocol';
import { startTestRelay, type Caller, type TestRelay } from '../../testing/test-relay';
import { newPrompt, testDevice } from '../../testing/sync-kit';
import type { AppRouter } from '../../trpc/router';

/** Reads a user's pokes through the real subscription procedure. */
async function subscribe(caller: Caller) {
	const stream = (await caller.sync.poke(undefined)) as AsyncIterable<unknown>;
	const iterator = stream[Symbol.asyncIterator]();
	return {
		async next(): Promise<{ id: string; seq: number }> {
			const { value } = (await iterator.next()) as { value: [string, { seq: number }] };
			return { id: value[0], seq: value[1].seq };
		},
		// Ends the generator at its yield, which unsubscribes it from the hub.
		close: () => void iterator.return?.()
	};
}

describe('sync.poke', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay({
			RATE_LIMIT_PER_MINUTE: '1000',
			ADMIN_EMAILS: 'admin@example.test'
		});
	});
	afterAll(() => relay.close());

	/** Counts hub wake-ups of another user: they must stay at zero. */
	function bystander(userId: string) {
		let wakes = 0;
		const off = relay.deps.pokes.subscribe(userId, () => wakes++);
		return { wakes: () => wakes, off };
	}

	it('pokes the user with the seq at once and after a push, and nobody else', async () => {
		const me = await relay.signUp();
		const other = await relay.signUp();
		const watcher = bystander(other.user.id);
		const sut = await subscribe(me.caller);
		const first = await sut.next();
		expect(first).toEqual({ id: String(first.seq), seq: first.seq });
		const pushed = await testDevice(me.caller).push('prompt.create', newPrompt());
		expect(pushed.status === 'ok' && (await sut.next()).seq).toBe(
			pushed.status === 'ok' ? pushed.seq : -1
		);
		expect(watcher.wakes()).toBe(0);
		watcher.off();
		sut.close();
	});

	it('pokes the user when a generation result lands', async () => {
		const me = await relay.signUp();
		const watcher = bystander((await relay.signUp()).user.id);
		const sut = await subscribe(me.caller);
		const before = (await sut.next()).seq;
		const id = uuidv7();
		await me.caller.generate.submit({
			id,
			model: 'demo/sketch',
			prompt: 'a fox',
			params: { aspectRatio: '1:1' },
			sourceHashes: []
		});
		let seq = (await sut.next()).seq; // the charge
		expect(seq).toBeGreaterThan(before);
		await relay.waitForGeneration(me.caller, id);
		const pull = await testDevice(me.caller).pullAll();
		const imageSeq = pull.changes.find((c) => c.entity === 'image')!.seq;
		while (seq < imageSeq) seq = (await sut.next()).seq;
		expect(seq).toBeGreaterThanOrEqual(imageSeq);
		expect(watcher.wakes()).toBe(0);
		sut.close();
	});

	it('pokes the user when an admin grants credits, and pull carries the new balance', async () => {
		const admin = await relay.signUp('admin@example.test');
		const me = await relay.signUp();
		const sut = await subscribe(me.caller);
		const before = (await sut.next()).seq;
		await admin.caller.admin.credits.adjust({ userId: me.user.id, amount: 25, reason: 'thanks' });
		expect((await sut.next()).seq).toBeGreaterThan(before);
		const page = await testDevice(me.caller).pull(0);
		expect(page).toMatchObject({ reset: false, credits: (await relay.user(me.user.id)).credits });
		sut.close();
	});

	it('streams pokes over SSE to a signed-in browser-like client', async () => {
		const url = await relay.listen();
		let cookie = '';
		const fetchWithCookie: typeof fetch = async (input, init) => {
			const res = await fetch(input, {
				...init,
				headers: { ...(init?.headers as Record<string, string>), ...(cookie ? { cookie } : {}) }
			});
			const set = res.headers.get('set-cookie');
			if (set) cookie = set.split(';')[0];
			return res;
		};
		const client = createTRPCClient<AppRouter>({
			links: [
				splitLink({
					condition: (op) => op.type === 'subscription',
					true: httpSubscriptionLink({
						url: `${url}/trpc`,
						EventSource,
						eventSourceOptions: () => ({ fetch: (input, init) => fetchWithCookie(input, init) })
					}),
					false: httpBatchLink({
						url: `${url}/trpc`,
						headers: { [CLIENT_HEADER]: '1' },
						fetch: fetchWithCookie
					})
				})
			]
		});
		await client.auth.register.mutate({
			email: `sse-${uuidv7().slice(-8)}@example.test`,
			password: 'correct horse battery'
		});
		const seqs: number[] = [];
		const seen = new Promise<void>((resolve, reject) => {
			const sub = client.sync.poke.subscribe(undefined, {
				onData: (envelope) => {
					seqs.push(envelope.data.seq);
					if (seqs.length === 2) {
						sub.unsubscribe();
						resolve();
					} else {
						void client.sync.push.mutate({
							clientId: uuidv7(),
							schemaVersion: 1,
							mutations: [{ mid: 1, name: 'prompt.create', args: newPrompt() }]
						});
					}
				},
				onError: reject
			});
		});
		await seen;
		expect(seqs[1]).toBeGreaterThan(seqs[0]);
	});
});
