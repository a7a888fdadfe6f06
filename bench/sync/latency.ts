/**
 * Two latency figures over the relay process, with two Node devices of one account
 * (node-device.ts): a prompt edited on device A until B has stored it (local write → push →
 * poke → pull), and a generation's recorded finish on the relay until its image row is stored on
 * the device that submitted it. A row counts as landed when the page holding it was committed.
 */
import { uuidv7 } from '#shared/ids';
import { mutate } from '../../src/lib/db/mutations/mutate';
import { sleep, waitFor } from './config';
import { startNodeDevice, type NodeDevice } from './node-device';

export interface LatencyFigures {
	/** Device A's local write → row on device B, per change (ms). */
	changeMs: number[];
	/** Relay's finishedAt → image row on the submitting device, per generation (ms). */
	generationMs: number[];
}

/** Resolves with the storedAt of the first page after which `landed()` holds on `device`. */
function whenLanded(device: NodeDevice, landed: () => Promise<boolean>): Promise<number> {
	return new Promise((resolve) => {
		let done = false;
		device.onPage = (storedAt) => {
			void landed().then((yes) => {
				if (!yes || done) return;
				done = true;
				device.onPage = null;
				resolve(storedAt);
			});
		};
	});
}

async function changeLatency(a: NodeDevice, b: NodeDevice, changes: number): Promise<number[]> {
	const id = uuidv7();
	await mutate(a.db, [
		{
			name: 'prompt.create',
			args: { id, title: 'change 0', text: 'a prompt edited on one device and watched on another' }
		}
	]);
	void a.sync.trigger();
	await waitFor(
		'the first prompt on device B',
		async () => (await b.db.prompts.get(id)) ?? undefined,
		30_000
	);
	const samples: number[] = [];
	for (let i = 1; i <= changes; i++) {
		const title = `change ${i}`;
		const landed = whenLanded(b, async () => (await b.db.prompts.get(id))?.title === title);
		const started = Date.now();
		// The app wakes the loop from a live query on the outbox; here the bench wakes it right after the write.
		await mutate(a.db, [{ name: 'prompt.patch', args: { id, fields: { title } } }]);
		void a.sync.trigger();
		samples.push((await withTimeout(landed, `change ${i} on device B`)) - started);
		await sleep(50);
	}
	return samples;
}

async function generationLatency(a: NodeDevice, generations: number): Promise<number[]> {
	const samples: number[] = [];
	for (let i = 0; i < generations; i++) {
		const id = uuidv7();
		const landed = whenLanded(
			a,
			async () => (await a.db.images.where('generationId').equals(id).count()) > 0
		);
		await a.relay.generate.submit.mutate({
			id,
			model: 'demo/fast',
			prompt: `bench generation ${i}`
		});
		const storedAt = await withTimeout(landed, `generation ${i} on the submitting device`);
		const status = await a.relay.generate.status.query({ id });
		if (status.status !== 'done' || status.finishedAt === null)
			throw new Error(`generation ${i} ended ${status.status}`);
		samples.push(storedAt - status.finishedAt);
		await sleep(50);
	}
	return samples;
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> {
	return Promise.race([
		promise,
		sleep(ms).then(() => Promise.reject(new Error(`bench: timed out waiting for ${what}`)))
	]);
}

/** Runs both figures on a fresh account with two devices. */
export async function latencyFigures(
	url: string,
	sizes: { changes: number; generations: number }
): Promise<LatencyFigures> {
	const email = `bench-latency-${uuidv7().slice(-12)}@example.test`;
	const a = await startNodeDevice(url, email, { register: true });
	const b = await startNodeDevice(url, email);
	try {
		await sleep(300); // both poke streams open
		const changeMs = await changeLatency(a, b, sizes.changes);
		const generationMs = await generationLatency(a, sizes.generations);
		return { changeMs, generationMs };
	} finally {
		await a.close();
		await b.close();
	}
}
