/**
 * The /v1 images API seen through the official `openai` npm client, against a real relay on the
 * fake provider (OpenRouter dialect): answers, error classes, money, keys and isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import OpenAI, {
	APIError,
	AuthenticationError,
	BadRequestError,
	RateLimitError,
	toFile
} from 'openai';
import sharp from 'sharp';
import { uuidv7 } from '#shared/ids';
import { CLIENT_HEADER } from '#shared/protocol';
import { SYNC_SCHEMA_VERSION } from '#shared/schemas/sync';
import { startTestRelay, type Caller, type TestRelay } from '../../testing/test-relay';
import { startFakeProvider, type FakeProvider } from '../../testing/fake-provider';
import { fakeProviderEnv } from '../../load/load-kit';
import { listLedger } from '../../db/repositories/credits.repository';
import { assertInvariants } from '../../testing/invariants';
import { createTestUser } from '../../testing/fast-user';
import { idempotentGenerationId } from './run-images';
import { apiKeys } from '../../db/schema/index';
import { eq } from 'drizzle-orm';

const MODEL = 'google/gemini-2.5-flash-image'; // price 4, up to 3 source images
const DEAR_MODEL = 'google/gemini-3-pro-image-preview'; // price 14
const URL_SECRET = 'test-url-secret-0123456789abcdef0123456789';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('OpenAI-compatible images API (/v1)', () => {
	let fake: FakeProvider;
	let relay: TestRelay;
	let url: string;
	let admin: Caller;

	beforeAll(async () => {
		fake = await startFakeProvider();
		relay = await startTestRelay(
			fakeProviderEnv(fake, {
				STARTING_CREDITS: '100',
				API_URL_SECRET: URL_SECRET,
				RATE_LIMIT_PER_MINUTE: '1000',
				MAX_IN_FLIGHT_PER_USER: '20'
			})
		);
		url = await relay.listen();
		admin = (await relay.signUp()).caller; // the first account is the admin
	});
	afterAll(async () => {
		await assertInvariants(relay.deps.db); // once for every account the tests made

		await relay.close();
		await fake.close();
	});

	// Accounts without argon2 (createTestUser): a sign-up per test would cost more than the test.
	async function person(options: { creditCap?: number } = {}) {
		const user = await createTestUser(relay.deps.db, {
			email: `api-${uuidv7().slice(-12)}@example.test`,
			credits: 100,
			now: Date.now()
		});
		const caller = relay.caller(user);
		const { key, secret } = await caller.apiKeys.create({
			name: 'script',
			creditCap: options.creditCap ?? null
		});
		const client = new OpenAI({ apiKey: secret, baseURL: `${url}/v1`, maxRetries: 0 });
		return { user, caller, key, secret, client };
	}
	const charges = async (userId: string) =>
		(await listLedger(relay.deps.db, userId)).filter((r) => r.kind === 'charge');
	const png = (colour: string) =>
		sharp({ create: { width: 48, height: 32, channels: 3, background: colour } })
			.png()
			.toBuffer();
	const errorOf = (promise: Promise<unknown>) =>
		promise.then(
			() => null,
			(e: unknown) => e as APIError
		);
	const signedPath = (userId: string, hash: string, exp: number) =>
		`/v1/files/${hash}?u=${userId}&exp=${exp}&sig=${createHmac('sha256', URL_SECRET).update(`${userId}\n${hash}\n${exp}`).digest('base64url')}`;

	it('generates a b64_json image that is charged once, lands in the gallery marked with the key and syncs', async () => {
		const { user, caller, key, client } = await person();
		const answer = await client.images.generate({
			model: MODEL,
			prompt: 'a banana in a spacesuit',
			response_format: 'b64_json'
		});
		expect(answer.data).toHaveLength(1);
		const bytes = Buffer.from(answer.data![0].b64_json!, 'base64');
		expect((await sharp(bytes).metadata()).format).toBe('png');
		expect((await relay.user(user.id)).credits).toBe(96);
		const pulled = await caller.sync.pull({
			clientId: uuidv7(),
			schemaVersion: SYNC_SCHEMA_VERSION,
			cursor: 0
		});
		const images = pulled.reset ? [] : pulled.changes.filter((c) => c.entity === 'image');
		expect(images).toHaveLength(1);
		expect(images[0].seq).toBeGreaterThan(0);
		expect(images[0]).toMatchObject({
			row: { sha256: sha(bytes), apiKeyId: key.id, prompt: 'a banana in a spacesuit', model: MODEL }
		});
		const [listed] = await caller.apiKeys.list();
		expect(listed).toMatchObject({ id: key.id, name: 'script', creditsUsed: 4 });
		expect(listed.lastUsedAt).not.toBeNull();
		expect(JSON.stringify(listed)).not.toContain('hash');
	});

	it('answers url with signed links that serve only that blob, and refuses forged or expired ones', async () => {
		const { user, caller, client } = await person();
		const answer = await client.images.generate({
			model: MODEL,
			prompt: 'two pears',
			n: 2,
			response_format: 'url'
		});
		expect(answer.data).toHaveLength(2);
		const links = answer.data!.map((d) => new URL(d.url!));
		for (const link of links) {
			const res = await fetch(link);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('image/png');
			expect(link.pathname.slice('/v1/files/'.length)).toBe(
				sha(new Uint8Array(await res.arrayBuffer()))
			);
		}
		const [first] = links;
		// The fake draws the same picture every time; the thumbnail is another blob of this user.
		const pulled = await caller.sync.pull({
			clientId: uuidv7(),
			schemaVersion: SYNC_SCHEMA_VERSION,
			cursor: 0
		});
		const change = pulled.reset ? undefined : pulled.changes.find((c) => c.entity === 'image');
		const otherHash = String(change && 'row' in change ? change.row.thumbSha256 : '');
		expect(
			(await fetch(`${url}${signedPath(user.id, otherHash, Math.floor(Date.now() / 1000) + 600)}`))
				.status
		).toBe(200);
		// The signature of one blob does not open another, even of the same user.
		const swapped = new URL(first);
		swapped.pathname = `/v1/files/${otherHash}`;
		expect((await fetch(swapped)).status).toBe(403);
		const tampered = new URL(first);
		tampered.searchParams.set('sig', `${first.searchParams.get('sig')!.slice(0, -2)}xx`);
		expect((await fetch(tampered)).status).toBe(403);
		const later = new URL(first);
		later.searchParams.set('exp', String(Number(first.searchParams.get('exp')) + 3600));
		expect((await fetch(later)).status).toBe(403);
		const expired = await fetch(
			`${url}${signedPath(user.id, otherHash, Math.floor(Date.now() / 1000) - 1)}`
		);
		expect(expired.status).toBe(403);
		expect(await expired.json()).toMatchObject({
			error: { message: expect.stringMatching(/expired/) }
		});
	});

	it('edits with two images: both reach the provider as sources of one charged generation', async () => {
		const { user, client } = await person();
		const before = fake.calls.length;
		const answer = await client.images.edit({
			model: MODEL,
			prompt: 'put the red thing beside the blue thing',
			image: [
				await toFile(await png('#ff0000'), 'red.png', { type: 'image/png' }),
				await toFile(await png('#0000ff'), 'blue.png', { type: 'image/png' })
			]
		});
		expect(answer.data).toHaveLength(1);
		const calls = fake.calls.slice(before).filter((c) => c.path.endsWith('/chat/completions'));
		expect(calls).toHaveLength(1);
		const content = (calls[0].body as { messages: { content: { type: string }[] }[] }).messages[0]
			.content;
		expect(content.filter((part) => part.type === 'image_url')).toHaveLength(2);
		expect(await charges(user.id)).toHaveLength(1);
		expect((await relay.user(user.id)).credits).toBe(96);
	});

	it('lists the models on offer with capabilities and prices, never their upstream ids', async () => {
		const { client } = await person();
		const models = [];
		for await (const model of client.models.list()) models.push(model);
		const entry = models.find((m) => m.id === MODEL);
		expect(entry).toMatchObject({
			object: 'model',
			owned_by: 'openrouter',
			price: 4,
			capabilities: { maxSourceImages: 3 }
		});
		expect(models.some((m) => 'upstreamId' in m)).toBe(false);
		expect(models.some((m) => String(m.id).startsWith('demo/'))).toBe(false);
		expect((await client.models.retrieve(MODEL)).id).toBe(MODEL);
	});

	it('answers 402 (no credits, or the key cap) as an APIError, charging nothing more', async () => {
		const { user, caller, client } = await person({ creditCap: 4 });
		const broke = await errorOf(
			client.images.generate({ model: DEAR_MODEL, prompt: 'too dear', n: 10 })
		);
		expect(broke).toBeInstanceOf(APIError);
		expect(broke).toMatchObject({
			status: 402,
			code: 'INSUFFICIENT_CREDITS',
			type: 'insufficient_quota'
		});
		// A failure is refunded to the key's spend too, so the cap still has room for one image.
		fake.script({ kind: '500' });
		await expect(
			client.images.generate({ model: MODEL, prompt: 'the provider falls over' })
		).rejects.toBeInstanceOf(APIError);
		expect((await caller.apiKeys.list())[0]).toMatchObject({ creditCap: 4, creditsUsed: 0 });
		await client.images.generate({ model: MODEL, prompt: 'within the cap' });
		expect((await caller.apiKeys.list())[0].creditsUsed).toBe(4);
		const capped = await errorOf(client.images.generate({ model: MODEL, prompt: 'over the cap' }));
		expect(capped).toMatchObject({ status: 402, code: 'INSUFFICIENT_CREDITS' });
		expect(capped!.message).toMatch(/cap/);
		expect(await charges(user.id)).toHaveLength(2); // the failed one, refunded, and the one within the cap
		expect((await relay.user(user.id)).credits).toBe(96);
	});

	it('answers 429 with Retry-After as a RateLimitError when the rate limit is reached', async () => {
		const { user, client } = await person();
		await admin.admin.users.setLimits({ userId: user.id, ratePerMinute: 1, maxInFlight: null });
		await client.images.generate({ model: MODEL, prompt: 'the one allowed' });
		const limited = await errorOf(client.images.generate({ model: MODEL, prompt: 'one too many' }));
		expect(limited).toBeInstanceOf(RateLimitError);
		expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED', type: 'rate_limit_error' });
		expect(Number(limited!.headers?.get('retry-after'))).toBeGreaterThan(0);
		expect(await charges(user.id)).toHaveLength(1);
	});

	it('charges an Idempotency-Key retry once and answers it with the same images', async () => {
		const { user, client } = await person();
		const ask = () =>
			client.images.generate(
				{ model: MODEL, prompt: 'only once, please', n: 2 },
				{ headers: { 'Idempotency-Key': 'job-42' } }
			);
		const first = await ask();
		const again = await ask();
		expect(again.data!.map((d) => d.b64_json)).toEqual(first.data!.map((d) => d.b64_json));
		expect(await charges(user.id)).toHaveLength(2);
		expect((await relay.user(user.id)).credits).toBe(92);
		const changed = await errorOf(
			client.images.generate(
				{ model: MODEL, prompt: 'something else', n: 2 },
				{ headers: { 'Idempotency-Key': 'job-42' } }
			)
		);
		expect(changed).toMatchObject({ status: 409, code: 'IDEMPOTENCY_CONFLICT' });
	});

	it('keeps going when the client goes away: a success stays charged once, in the gallery, and a retry picks it up', async () => {
		const { user, caller, client } = await person();
		fake.script({ kind: 'slow', ms: 600 });
		const hangUp = new AbortController();
		const asked = client.images.generate(
			{ model: MODEL, prompt: 'the caller will not wait' },
			{ headers: { 'Idempotency-Key': 'gone-1' }, signal: hangUp.signal }
		);
		const id = idempotentGenerationId(user.id, (await caller.apiKeys.list())[0].id, 'gone-1', 0);
		// Hang up once the generation is under way (charged, at the slow provider).
		await expect
			.poll(
				() =>
					caller.generate.status({ id }).then(
						(s) => s.status,
						() => 'absent'
					),
				{ interval: 20 }
			)
			.toBe('running');
		hangUp.abort();
		await expect(asked).rejects.toThrow();
		expect((await relay.waitForGeneration(caller, id)).status).toBe('done');
		const retried = await client.images.generate(
			{ model: MODEL, prompt: 'the caller will not wait' },
			{ headers: { 'Idempotency-Key': 'gone-1' } }
		);
		expect(retried.data).toHaveLength(1);
		expect(await charges(user.id)).toHaveLength(1);
		expect((await relay.user(user.id)).credits).toBe(96);
	});

	it('answers a provider failure with a 5xx carrying our code, and refunds it', async () => {
		const { user, client } = await person();
		fake.script({ kind: '500' });
		const failed = await errorOf(
			client.images.generate({ model: MODEL, prompt: 'the provider falls over' })
		);
		expect(failed).toBeInstanceOf(APIError);
		expect(failed!.status).toBeGreaterThanOrEqual(500);
		expect(failed).toMatchObject({ type: 'server_error', code: 'PROVIDER_UNAVAILABLE' });
		expect((await relay.user(user.id)).credits).toBe(100);
	});

	it('refuses a revoked key (401), and a key never opens the tRPC API', async () => {
		const { caller, key, secret, client } = await person();
		const stranger = await person();
		await expect(stranger.caller.apiKeys.revoke({ id: key.id })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		expect((await client.models.list()).data.length).toBeGreaterThan(0);
		await caller.apiKeys.revoke({ id: key.id });
		const refused = await errorOf(client.models.list());
		expect(refused).toBeInstanceOf(AuthenticationError);
		const { secret: live } = await caller.apiKeys.create({ name: 'live' });
		for (const bearer of [secret, live]) {
			const res = await fetch(`${url}/trpc/apiKeys.list`, {
				headers: { authorization: `Bearer ${bearer}`, [CLIENT_HEADER]: '1' }
			});
			expect(res.status).toBe(401);
		}
		const res = await fetch(`${url}/trpc/admin.users.list?input=${encodeURIComponent('{}')}`, {
			headers: { authorization: `Bearer ${live}`, [CLIENT_HEADER]: '1' }
		});
		expect(res.status).toBe(401);
		// A key past its expiry is refused like a revoked one (the clock moved on; the row says when).
		const [expiring] = (await caller.apiKeys.list()).filter((k) => k.name === 'live');
		await relay.deps.db
			.update(apiKeys)
			.set({ expiresAt: Date.now() - 1 })
			.where(eq(apiKeys.id, expiring.id));
		const expired = await errorOf(
			new OpenAI({ apiKey: live, baseURL: `${url}/v1`, maxRetries: 0 }).models.list()
		);
		expect(expired).toBeInstanceOf(AuthenticationError);
		expect(expired!.message).toMatch(/expired/);
	});

	it("never lets user A's key read user B's images", async () => {
		const a = await person();
		const b = await person();
		const theirs = await b.client.images.generate(
			{ model: MODEL, prompt: 'b only', response_format: 'url' },
			{ headers: { 'Idempotency-Key': 'same-header' } }
		);
		const link = new URL(theirs.data![0].url!);
		const hash = link.pathname.split('/').pop()!;
		// A link signed for A naming B's blob: the signature is fine, the blob is not A's.
		expect(
			(await fetch(`${url}${signedPath(a.user.id, hash, Math.floor(Date.now() / 1000) + 600)}`))
				.status
		).toBe(404);
		const relabelled = new URL(link);
		relabelled.searchParams.set('u', a.user.id);
		expect((await fetch(relabelled)).status).toBe(403);
		expect(
			(await fetch(`${url}/blob/${hash}`, { headers: { authorization: `Bearer ${a.secret}` } }))
				.status
		).toBe(401);
		// The same Idempotency-Key under A is A's own generation, not B's answer.
		const mine = await a.client.images.generate(
			{ model: MODEL, prompt: 'b only', response_format: 'url' },
			{ headers: { 'Idempotency-Key': 'same-header' } }
		);
		expect(idempotentGenerationId(a.user.id, a.key.id, 'same-header', 0)).not.toBe(
			idempotentGenerationId(b.user.id, b.key.id, 'same-header', 0)
		);
		expect(await charges(a.user.id)).toHaveLength(1);
		expect(mine.data![0].url).not.toBe(theirs.data![0].url);
	});

	describe('bad input is refused before anything is charged', () => {
		it.each([
			[{ n: 0 }, 'n'],
			[{ n: 11 }, 'n'],
			[{ model: 'no/such-model' }, 'model'],
			[{ size: '999x333' }, 'size'],
			[{ quality: 'hd' }, 'quality'],
			[{ style: 'vivid' }, 'style']
		])('%o → 400 with param %s', async (override, param) => {
			const { user, client } = await person();
			const error = await errorOf(
				client.images.generate({ model: MODEL, prompt: 'nope', ...(override as object) })
			);
			expect(error).toBeInstanceOf(BadRequestError);
			expect(error).toMatchObject({ status: 400, param, type: 'invalid_request_error' });
			expect(await charges(user.id)).toHaveLength(0);
		});

		it('refuses a non-image in image[] (400, param image[1]) and an oversized multipart (413)', async () => {
			const { user, client } = await person();
			const notImage = await errorOf(
				client.images.edit({
					model: MODEL,
					prompt: 'edit',
					image: [
						await toFile(await png('#00ff00'), 'ok.png', { type: 'image/png' }),
						await toFile(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.png', {
							type: 'image/png'
						})
					]
				})
			);
			expect(notImage).toMatchObject({ status: 400, param: 'image[1]', code: 'UPLOAD_REJECTED' });
			const big = new Uint8Array(16 * 1024 * 1024);
			big.set(await png('#000000'));
			const oversized = await errorOf(
				client.images.edit({
					model: MODEL,
					prompt: 'edit',
					image: [await toFile(big, 'big.png', { type: 'image/png' })]
				})
			);
			expect(oversized).toMatchObject({ status: 413 });
			expect(await charges(user.id)).toHaveLength(0);
		});

		it('refuses a NUL in any text field (400 naming it), a JSON body over the limit (413) and one nested too deep, charging nothing', async () => {
			const { user, client, secret } = await person();
			const nul = await errorOf(client.images.generate({ model: MODEL, prompt: 'a cat\u0000' }));
			expect(nul).toMatchObject({ status: 400, param: 'prompt', type: 'invalid_request_error' });
			const post = (body: string) =>
				fetch(`${url}/v1/images/generations`, {
					method: 'POST',
					headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
					body
				});
			const huge = await post(JSON.stringify({ model: MODEL, prompt: 'x'.repeat(300 * 1024) }));
			expect(huge.status).toBe(413);
			expect(huge.headers.get('connection')).toBe('close');
			const deep = await post(
				`{"model":"${MODEL}","prompt":"p","x":${'['.repeat(40)}${']'.repeat(40)}}`
			);
			expect(deep.status).toBe(400);
			expect(await charges(user.id)).toHaveLength(0);
		});

		it('refuses a key in the query string (401) and never logs it', async () => {
			const { secret } = await person();
			for (const name of ['api_key', 'key']) {
				const res = await fetch(`${url}/v1/models?${name}=${secret}`);
				expect(res.status).toBe(401);
				expect(await res.json()).toMatchObject({
					error: { type: 'authentication_error', code: 'UNAUTHENTICATED' }
				});
			}
			const res = await fetch(`${url}/v1/models?api_key=${secret}`, {
				headers: { authorization: `Bearer ${secret}` }
			});
			expect(res.status).toBe(401);
			expect(relay.logs.join('\n')).not.toContain(secret);
			expect(relay.logs.join('\n')).not.toContain(secret.slice(12));
		});
	});
});
