import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../../testing/test-relay';
import { latest, newPrompt, testDevice } from '../../testing/sync-kit';

/** What a user's prompts look like after a pull: id → title, tags, usage (order-free). */
async function promptsOf(device: ReturnType<typeof testDevice>) {
	const rows = [...latest((await device.pullAll()).changes).values()].flatMap((c) =>
		c.entity === 'prompt' && 'row' in c ? [c.row] : []
	);
	return Object.fromEntries(
		rows.map((r) => [
			r.id as string,
			{
				title: r.title,
				tags: [...(r.tags as string[])].sort(),
				usageCount: r.usageCount,
				deletedAt: r.deletedAt
			}
		])
	);
}

describe('a run of prompt.create in one push', () => {
	let relay: TestRelay;
	beforeAll(async () => {
		relay = await startTestRelay();
	});
	afterAll(() => relay.close());

	it('ends exactly as applying the same mutations one per push when ids repeat, exist or are invalid', async () => {
		const existing = newPrompt({ title: 'Existing', tags: ['old'] });
		const a = newPrompt({ title: 'A', tags: ['x', 'y'], usageCount: 3 });
		const b = newPrompt({ title: 'B' });
		const script = [
			{ name: 'prompt.delete', args: { id: a.id } }, // before A exists: refused in both cases
			{ name: 'prompt.create', args: a },
			{ name: 'prompt.create', args: { ...existing, title: 'Existing, renamed', tags: ['new'] } },
			{ name: 'prompt.create', args: { id: 'bad', title: ' ', text: 'x' } },
			{ name: 'prompt.create', args: b },
			{ name: 'prompt.create', args: { ...a, title: 'A again', tags: ['z'] } },
			{ name: 'prompt.create', args: newPrompt({ id: 'c1', title: 'C' }) },
			{ name: 'prompt.patch', args: { id: b.id, fields: { title: 'B patched' } } }
		];
		const outcomes = [];
		for (const oneByOne of [false, true]) {
			const { caller } = await relay.signUp();
			const device = testDevice(caller);
			await device.push('prompt.create', existing);
			const results = [];
			if (oneByOne) for (const m of script) results.push(await device.push(m.name, m.args));
			else results.push(await device.pushMany(script));
			const answers = results.flatMap((r) => (r.status === 'ok' ? r.rejected : []));
			outcomes.push({
				prompts: await promptsOf(device),
				rejected: answers.map((r) => [r.mid, r.code])
			});
		}
		expect(outcomes[0]).toEqual(outcomes[1]);
		expect(outcomes[0].rejected).toEqual([
			[2, 'NOT_FOUND'],
			[5, 'INVALID']
		]);
		expect(outcomes[0].prompts[a.id]).toMatchObject({
			title: 'A again',
			tags: ['x', 'y', 'z'],
			usageCount: 3
		});
		expect(outcomes[0].prompts[existing.id]).toMatchObject({
			title: 'Existing, renamed',
			tags: ['new', 'old']
		});
	});
});
