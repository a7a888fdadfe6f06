import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import type { GenerationParams } from '#shared/schemas/generate';
import { startTestRelay, type Caller, type TestRelay } from '../../testing/test-relay';
import { latest, testDevice } from '../../testing/sync-kit';
import { imageRequestFor, type RelayModel } from '../generation-request';

// A batch with styles as an axis: each item carries its own parameters (its style, the merged
// negative prompt, the typed prompt) on top of the job's.
const JOB_PARAMS: GenerationParams = { aspectRatio: '1:1', negativePrompt: 'text' };
const STYLED: GenerationParams = {
	aspectRatio: '1:1',
	negativePrompt: 'text, cartoon',
	styles: [{ name: 'Cinematic', promptId: 'p1' }],
	typedPrompt: 'a fox'
};

describe('job items with their own parameters (batch styles)', () => {
	let relay: TestRelay;
	let caller: Caller;
	beforeAll(async () => {
		relay = await startTestRelay({ RATE_LIMIT_PER_MINUTE: '1000' });
		({ caller } = await relay.signUp());
	});
	afterAll(() => relay.close());

	it('stores a styled item’s own parameters, and its image records the styles and typed prompt', async () => {
		const device = testDevice(caller);
		const items = [
			{ id: uuidv7(), index: 0, prompt: 'cinematic still of a fox', params: STYLED },
			{ id: uuidv7(), index: 1, prompt: 'a fox' }
		];
		await device.push('job.create', {
			id: uuidv7(),
			name: 'Styles',
			model: 'demo/sketch',
			params: JOB_PARAMS,
			concurrency: 1,
			kind: 'prompts',
			order: 1,
			createdAt: Date.now(),
			items
		});
		const rows = [...latest((await device.pullAll()).changes).values()].flatMap((c) =>
			'row' in c && c.entity === 'jobItem' ? [c.row as { id: string; params: unknown }] : []
		);
		expect(rows.find((row) => row.id === items[0].id)?.params).toEqual(STYLED);
		expect(rows.find((row) => row.id === items[1].id)?.params).toEqual(JOB_PARAMS);

		await caller.generate.submit({
			id: items[0].id,
			model: 'demo/sketch',
			prompt: items[0].prompt,
			params: STYLED,
			sourceHashes: [],
			itemId: items[0].id,
			claimEpoch: 0
		});
		const done = await relay.waitForGeneration(caller, items[0].id);
		expect(done).toMatchObject({
			status: 'done',
			prompt: 'cinematic still of a fox',
			params: STYLED
		});
	});

	it('never passes the styles or the typed prompt on to the provider', () => {
		const model = {
			upstreamId: 'up',
			capabilities: { textOutput: false }
		} as unknown as RelayModel;
		const request = imageRequestFor(
			model,
			{ id: 'g1', prompt: 'cinematic still of a fox', params: STYLED },
			[]
		);
		expect(JSON.stringify(request)).not.toMatch(/Cinematic|typedPrompt|styles/);
		expect(request).toMatchObject({
			prompt: 'cinematic still of a fox',
			negativePrompt: 'text, cartoon'
		});
	});
});
