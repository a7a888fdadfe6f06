/**
 * Push throughput for one user: mutations applied per second through the real `sync.push`
 * router (createCaller on the relay's runtime, no HTTP), one client pushing batches of 200 one
 * after another as the client's push loop does. The mix is half prompt.create, 30 % prompt.patch
 * and 20 % tag.add on prompts made earlier in the run.
 */
import type { Runtime } from '../../server/bootstrap';
import { benchPrompt, pushAll, registerAccount } from './seed';

/** Mutations per second for `count` mutations of the mix above, on a fresh account. */
export async function pushThroughput(
	runtime: Runtime,
	count: number
): Promise<{ perSecond: number; count: number }> {
	const { caller } = await registerAccount(runtime, 'push');
	// Warm-up (plans, JIT, pool connections) on its own account so the measured one starts empty.
	await pushAll(
		(await registerAccount(runtime, 'warm')).caller,
		Array.from({ length: 200 }, (_, i) => ({ name: 'prompt.create', args: benchPrompt(i) }))
	);
	const created: string[] = [];
	const mutations = Array.from({ length: count }, (_, k) => {
		const r = k % 10;
		if (r < 5) {
			const args = benchPrompt(k);
			created.push(args.id);
			return { name: 'prompt.create', args };
		}
		const id = created[(k * 7919) % created.length];
		if (r < 8)
			return {
				name: 'prompt.patch',
				args: { id, fields: { title: `edited ${k}`, favourite: k % 2 === 0 } }
			};
		return { name: 'tag.add', args: { promptId: id, tag: `tag ${k % 37}` } };
	});
	const seconds = await pushAll(caller, mutations);
	return { perSecond: count / seconds, count };
}
