/**
 * Every parameter a model cannot take is refused by the relay with a clear message before any
 * credit moves (no ledger row); what it can take reaches the provider and is charged its exact
 * price (price variants by size and quality), refunds included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { uuidv7 } from '#shared/ids';
import type { SubmitGenerationInput } from '#shared/schemas/generate';
import { recordBlob } from '../db/repositories/blobs.repository';
import { listLedger } from '../db/repositories/credits.repository';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';
import { imageRequestFor, type RelayModel } from './generation-request';

const RATIOS_ONE = ['1:1'];
const EXTRA_MODELS = [
	{
		id: 'demo/quality',
		label: 'Demo quality',
		provider: 'demo',
		upstreamId: 'sketch',
		price: 1,
		priceVariants: [{ quality: 'high', price: 3 }],
		capabilities: {
			textToImage: true,
			imageToImage: false,
			maxSourceImages: 0,
			aspectRatios: RATIOS_ONE,
			qualities: ['low', 'high']
		}
	},
	{
		id: 'demo/edit-only',
		label: 'Demo edit only',
		provider: 'demo',
		upstreamId: 'sketch',
		price: 1,
		capabilities: {
			textToImage: false,
			imageToImage: true,
			maxSourceImages: 2,
			aspectRatios: RATIOS_ONE,
			strength: { min: 0.2, max: 0.8, step: 0.1, default: 0.5 }
		}
	}
];

type Params = SubmitGenerationInput['params'];
/** Drawing and storing an image can take seconds on a loaded 2-core machine. */
const WAIT_MS = 25_000;

describe('generation parameters against the model', () => {
	let relay: TestRelay;
	let dir: string;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'nbs-params-'));
		const modelsFile = join(dir, 'models.json');
		writeFileSync(modelsFile, JSON.stringify({ models: EXTRA_MODELS }));
		relay = await startTestRelay({ STARTING_CREDITS: '20', MODELS_FILE: modelsFile });
	});
	afterAll(async () => {
		await relay.close();
		rmSync(dir, { recursive: true, force: true });
	});

	/** Stores `n` distinct real PNG sources owned by the user (as an upload would). */
	async function uploadSources(userId: string, n: number): Promise<string[]> {
		const hashes: string[] = [];
		for (let i = 0; i < n; i++) {
			const bytes = new Uint8Array(
				await sharp({
					create: { width: 16, height: 16, channels: 3, background: { r: 10 * i, g: 80, b: 120 } }
				})
					.png()
					.toBuffer()
			);
			const sha256 = createHash('sha256').update(bytes).digest('hex');
			await relay.deps.blobStore.put(sha256, bytes);
			await recordBlob(relay.deps.db, {
				sha256,
				bytesLen: bytes.byteLength,
				mime: 'image/png',
				width: 16,
				height: 16,
				userId,
				now: Date.now()
			});
			hashes.push(sha256);
		}
		return hashes;
	}

	const input = (
		model: string,
		params: Partial<Params> = {},
		sourceHashes: string[] = []
	): SubmitGenerationInput => ({
		id: uuidv7(),
		model,
		prompt: 'a lighthouse at dusk',
		params: { aspectRatio: '1:1', ...params },
		sourceHashes
	});

	async function expectRefused(
		caller: Caller,
		userId: string,
		request: SubmitGenerationInput,
		message: RegExp
	) {
		await expect(caller.generate.submit(request)).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			message: expect.stringMatching(message)
		});
		await expect(caller.generate.status({ id: request.id })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		const ledger = await listLedger(relay.deps.db, userId);
		expect(ledger.map((row) => row.kind)).toEqual(['grant']);
		expect((await relay.user(userId)).credits).toBe(20);
	}

	const refusals: [string, (hashes: string[]) => SubmitGenerationInput, RegExp][] = [
		[
			'a size the model does not list',
			() => input('demo/sketch', { size: '4K' }),
			/Demo sketch does not support the size 4K \(it takes 1K, 2K\)/
		],
		[
			'a size on a model without sizes',
			() => input('demo/fast', { size: '1K' }),
			/Demo fast does not support the size 1K/
		],
		[
			'a quality on a model without qualities',
			() => input('demo/sketch', { quality: 'high' }),
			/Demo sketch does not support the quality high/
		],
		[
			'a quality the model does not list',
			() => input('demo/quality', { quality: 'ultra' }),
			/does not support the quality ultra \(it takes low, high\)/
		],
		[
			'an aspect ratio the model does not list',
			() => input('demo/quality', { aspectRatio: '16:9' }),
			/does not support the aspect ratio 16:9 \(it takes 1:1\)/
		],
		[
			'a seed on a model without seeds',
			() => input('demo/quality', { seed: 7 }),
			/Demo quality does not support a seed/
		],
		[
			'a negative prompt on a model without one',
			() => input('demo/fast', { negativePrompt: 'blurry' }),
			/Demo fast does not support a negative prompt/
		],
		[
			'strength on a model without strength',
			() => input('demo/quality', { strength: 0.5 }),
			/Demo quality does not support a strength setting/
		],
		[
			'strength without a source image',
			() => input('demo/sketch', { strength: 0.5 }),
			/Strength applies only to image-to-image/
		],
		[
			'strength outside the model range',
			(h) => input('demo/edit-only', { strength: 0.9 }, h.slice(0, 1)),
			/must be between 0.2 and 0.8/
		],
		[
			'strength off the model step',
			(h) => input('demo/edit-only', { strength: 0.25 }, h.slice(0, 1)),
			/moves in steps of 0.1/
		],
		[
			'source images on a text-only model',
			(h) => input('demo/fast', {}, h.slice(0, 1)),
			/Demo fast does not support source images/
		],
		[
			'more source images than the model takes',
			(h) => input('demo/edit-only', {}, h.slice(0, 3)),
			/does not support more than 2 source images/
		],
		[
			'no source image on an image-to-image-only model',
			() => input('demo/edit-only'),
			/does not support text-to-image \(add a source image\)/
		]
	];

	for (const [name, make, message] of refusals) {
		it(`refuses ${name} with a clear message and writes no ledger row`, async () => {
			const { user, caller } = await relay.signUp();
			const hashes = await uploadSources(user.id, 3);
			await expectRefused(caller, user.id, make(hashes), message);
		});
	}

	it(
		'charges the price of the chosen size and quality, exactly',
		async () => {
			const { user, caller } = await relay.signUp();
			const big = input('demo/sketch', { size: '2K' });
			const small = input('demo/sketch', { size: '1K' });
			const high = input('demo/quality', { quality: 'high' });
			const low = input('demo/quality', { quality: 'low' });
			const done = [];
			for (const request of [big, small, high, low]) {
				await caller.generate.submit(request);
				done.push(await relay.waitForGeneration(caller, request.id, WAIT_MS));
			}
			expect(done.map((d) => [d.status, d.price])).toEqual([
				['done', 2],
				['done', 1],
				['done', 3],
				['done', 1]
			]);
			expect(done[0].params).toMatchObject({ size: '2K' });
			expect(done[2].params).toMatchObject({ quality: 'high' });
			expect((await relay.user(user.id)).credits).toBe(20 - 7);
			const charges = (await listLedger(relay.deps.db, user.id))
				.filter((row) => row.kind === 'charge')
				.map((row) => row.amount);
			expect(charges.sort()).toEqual([-1, -1, -2, -3].sort());
		},
		4 * WAIT_MS
	);

	it(
		'refunds exactly the variant price when the provider fails',
		async () => {
			const { user, caller } = await relay.signUp();
			const request = {
				...input('demo/sketch', { size: '2K' }),
				prompt: 'x [demo:fail:PROVIDER_UNAVAILABLE]'
			};
			await caller.generate.submit(request);
			expect((await relay.waitForGeneration(caller, request.id, WAIT_MS)).status).toBe('failed');
			const rows = (await listLedger(relay.deps.db, user.id)).map((row) => [row.kind, row.amount]);
			expect(rows).toEqual(
				expect.arrayContaining([
					['charge', -2],
					['refund', 2]
				])
			);
			expect((await relay.user(user.id)).credits).toBe(20);
		},
		2 * WAIT_MS
	);

	it(
		'generates image-to-image with two sources, strength, negative prompt and seed when the model takes them',
		async () => {
			const { user, caller } = await relay.signUp();
			const hashes = await uploadSources(user.id, 2);
			const request = input(
				'demo/sketch',
				{ strength: 0.35, negativePrompt: 'no text', seed: 42 },
				hashes
			);
			await caller.generate.submit(request);
			const done = await relay.waitForGeneration(caller, request.id, WAIT_MS);
			expect(done).toMatchObject({
				status: 'done',
				price: 1,
				sourceHashes: hashes,
				params: { strength: 0.35, negativePrompt: 'no text', seed: 42 }
			});
			expect(done.images).toHaveLength(1);
			expect((await relay.user(user.id)).credits).toBe(19);
		},
		2 * WAIT_MS
	);
});

describe('imageRequestFor', () => {
	const model = {
		id: 'm',
		label: 'M',
		provider: 'openrouter',
		upstreamId: 'vendor/model',
		price: 1,
		priceVariants: [],
		capabilities: {
			textToImage: true,
			imageToImage: true,
			maxSourceImages: 2,
			aspectRatios: ['1:1'],
			sizes: ['2K'],
			qualities: ['high'],
			seed: true,
			negativePrompt: true,
			strength: null,
			textOutput: true,
			maxPromptLength: 100
		}
	} satisfies RelayModel;

	it('passes every accepted parameter and the output flag, and nothing the person did not set', () => {
		const source = { bytes: new Uint8Array([1]), mime: 'image/png' as const };
		const full = imageRequestFor(
			model,
			{
				id: 'g1',
				prompt: 'p',
				params: {
					aspectRatio: '1:1',
					size: '2K',
					quality: 'high',
					seed: 3,
					strength: 0.4,
					negativePrompt: 'n'
				}
			},
			[source]
		);
		expect(full).toEqual({
			upstreamModel: 'vendor/model',
			prompt: 'p',
			aspectRatio: '1:1',
			size: '2K',
			quality: 'high',
			seed: 3,
			strength: 0.4,
			negativePrompt: 'n',
			textOutput: true,
			sources: [source],
			requestId: 'g1'
		});
		const bare = imageRequestFor(
			{ ...model, capabilities: { ...model.capabilities, textOutput: false } },
			{ id: 'g2', prompt: 'p', params: { aspectRatio: '1:1' } },
			[]
		);
		expect(bare).toEqual({
			upstreamModel: 'vendor/model',
			prompt: 'p',
			aspectRatio: '1:1',
			textOutput: false,
			sources: [],
			requestId: 'g2'
		});
	});
});
