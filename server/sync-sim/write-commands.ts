/**
 * The local writes a person makes on a device, picked by the PRNG from what that device holds:
 * prompts (create, patch, trash, restore, discard, tags, usage), images (patch, trash), jobs
 * (create with k items, cancel, claim) and items (cancel, retry). Only builds arguments.
 */
import type { Mutation } from '../../src/lib/db/mutations/mutate';
import type { Run } from './sim-run';
import type { SimDevice } from './sim-device';

const WORDS = ['fox', 'snow', 'city', 'night', 'sea', 'cat', 'tree', 'robot'];
const TAGS = ['red', 'blue', 'wide', 'draft', 'best'];

const WRITE_WEIGHTS = {
	promptCreate: 8,
	promptPatch: 8,
	promptDelete: 4,
	promptRestore: 2,
	promptDiscard: 2,
	tagAdd: 4,
	tagRemove: 3,
	bump: 5,
	imagePatch: 4,
	imageDelete: 1.5,
	imageRestore: 1,
	imageDiscard: 0.5,
	jobCreate: 2,
	jobCancel: 0.7,
	jobClaim: 0.7,
	itemCancel: 1,
	itemRetry: 1.5
} as const;

/** One to three writes (a batch goes through one mutate() call, like an import). */
export async function localFieldsWrites(run: Run, device: SimDevice): Promise<Mutation[]> {
	const batch = run.rng.chance(0.15) ? run.rng.between(2, 3) : 1;
	const mutations: Mutation[] = [];
	for (let i = 0; i < batch; i++) {
		const mutation = await oneWrite(run, device);
		if (mutation) mutations.push(mutation);
	}
	return mutations;
}

async function oneWrite(run: Run, device: SimDevice): Promise<Mutation | null> {
	const { rng } = run;
	const words = (n: number) => Array.from({ length: n }, () => rng.pick(WORDS)).join(' ');
	const prompts = await device.db.prompts.toArray();
	const live = prompts.filter((p) => p.deletedAt === null);
	const trashed = prompts.filter((p) => p.deletedAt !== null && p.discardedAt == null);
	const images = await device.db.images.toArray();
	const jobs = await device.db.jobs.toArray();
	const items = await device.db.jobItems.toArray();
	const kind = rng.weighted(WRITE_WEIGHTS);
	switch (kind) {
		case 'promptCreate': {
			// Mostly new ids; sometimes an import id, or an id another device already made (create = patch).
			const known =
				run.devices.filter((d) => d.user.id === device.user.id).length > 1 &&
				prompts.length &&
				rng.chance(0.15);
			const id = known
				? rng.pick(prompts).id
				: rng.chance(0.2)
					? `imp-${rng.int(1e6)}`
					: rng.uuidv7(device.now());
			const args = {
				id,
				title: words(2),
				text: words(4),
				tags: rng.chance(0.5) ? [rng.pick(TAGS)] : []
			} as Record<string, unknown>;
			if (rng.chance(0.2)) args.usageCount = rng.between(1, 5);
			if (rng.chance(0.2)) args.category = rng.pick(['art', 'photo']);
			return { name: 'prompt.create', args } as Mutation;
		}
		case 'promptPatch': {
			if (!live.length) return null;
			const fields: Record<string, unknown> = {};
			if (rng.chance(0.5)) fields.title = words(2);
			if (rng.chance(0.4)) fields.text = words(5);
			if (rng.chance(0.3)) fields.favourite = rng.chance(0.5);
			if (rng.chance(0.3) || Object.keys(fields).length === 0)
				fields.category = rng.pick(['', 'art', 'photo']);
			return { name: 'prompt.patch', args: { id: rng.pick(live).id, fields } };
		}
		case 'promptDelete':
			return live.length ? { name: 'prompt.delete', args: { id: rng.pick(live).id } } : null;
		case 'promptRestore':
			return trashed.length ? { name: 'prompt.restore', args: { id: rng.pick(trashed).id } } : null;
		case 'promptDiscard':
			return trashed.length ? { name: 'prompt.discard', args: { id: rng.pick(trashed).id } } : null;
		case 'tagAdd':
			return live.length
				? { name: 'tag.add', args: { promptId: rng.pick(live).id, tag: rng.pick(TAGS) } }
				: null;
		case 'tagRemove': {
			const tagged = live.filter((p) => p.tags.length);
			if (!tagged.length) return null;
			const prompt = rng.pick(tagged);
			return { name: 'tag.remove', args: { promptId: prompt.id, tag: rng.pick(prompt.tags) } };
		}
		case 'bump':
			return live.length
				? { name: 'prompt.bumpUsage', args: { id: rng.pick(live).id, by: rng.between(1, 3) } }
				: null;
		case 'imagePatch': {
			const liveImages = images.filter((i) => i.deletedAt === null);
			if (!liveImages.length) return null;
			const fields = rng.chance(0.5)
				? { favourite: rng.chance(0.5) }
				: { rating: rng.between(0, 5) };
			return { name: 'image.patch', args: { id: rng.pick(liveImages).id, fields } };
		}
		case 'imageDelete': {
			const liveImages = images.filter((i) => i.deletedAt === null);
			return liveImages.length
				? { name: 'image.delete', args: { id: rng.pick(liveImages).id } }
				: null;
		}
		case 'imageRestore': {
			const binned = images.filter((i) => i.deletedAt !== null && i.discardedAt == null);
			return binned.length ? { name: 'image.restore', args: { id: rng.pick(binned).id } } : null;
		}
		case 'imageDiscard': {
			const binned = images.filter((i) => i.deletedAt !== null && i.discardedAt == null);
			return binned.length ? { name: 'image.discard', args: { id: rng.pick(binned).id } } : null;
		}
		case 'jobCreate': {
			const now = device.now();
			const k = rng.between(1, 2);
			const itemArgs = Array.from({ length: k }, (_, index) => ({
				id: rng.uuidv7(now),
				index,
				prompt: rng.chance(0.25) ? `[demo:fail:CONTENT_BLOCKED] ${words(2)}` : words(3)
			}));
			const args = {
				id: rng.uuidv7(now),
				name: words(1),
				model: 'demo/sketch',
				params: { aspectRatio: '1:1' as const },
				concurrency: 1,
				kind: 'prompts' as const,
				order: 0,
				createdAt: now,
				items: itemArgs
			};
			return { name: 'job.create', args };
		}
		case 'jobCancel': {
			const running = jobs.filter(
				(j) => (j.state === 'active' || j.state === 'paused') && j.deletedAt === null
			);
			return running.length ? { name: 'job.cancel', args: { id: rng.pick(running).id } } : null;
		}
		case 'jobClaim': {
			const others = jobs.filter(
				(j) => j.state === 'active' && j.deletedAt === null && j.ownerClientId !== device.clientId
			);
			if (!others.length) return null;
			const job = rng.pick(others);
			return { name: 'job.claim', args: { id: job.id, epoch: job.claimEpoch } };
		}
		case 'itemCancel': {
			const queued = items.filter((i) => i.state === 'queued' && i.deletedAt === null);
			return queued.length ? { name: 'item.cancel', args: { id: rng.pick(queued).id } } : null;
		}
		case 'itemRetry': {
			const failed = items.filter((i) => i.state === 'failed' && i.deletedAt === null);
			return failed.length
				? {
						name: 'item.retry',
						args: { id: rng.pick(failed).id, requestId: rng.uuidv7(device.now()) }
					}
				: null;
		}
	}
}
