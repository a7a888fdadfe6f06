import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PRESET_IMPORT } from '#shared/schemas/admin';
import { isStyle } from '../../src/lib/styles/compose';
import { startTestRelay, type Caller, type TestRelay } from '../testing/test-relay';

const style = (
	title: string,
	text: string,
	extra: Partial<{ negativePrompt: string; category: string; tags: string[] }> = {}
) => ({
	title,
	text,
	negativePrompt: '',
	category: '',
	tags: [] as string[],
	model: null,
	...extra
});

describe('admin: style packs as presets', () => {
	let relay: TestRelay;
	let admin: Caller;
	let user: Caller;
	beforeAll(async () => {
		relay = await startTestRelay();
		admin = (await relay.signUp('admin@example.test')).caller;
		user = (await relay.signUp()).caller;
	});
	afterAll(() => relay.close());

	it('imports a pack after the existing presets, reports duplicates, and every user sees the styles', async () => {
		await admin.admin.presets.create(style('Existing', 'cinematic still {prompt}'));
		const result = await admin.admin.presets.import({
			presets: [
				style('Cinematic copy', 'Cinematic  still {prompt}'),
				style('人像', '{prompt}，柔和的自然光', { negativePrompt: '模糊', category: '摄影' }),
				style('Film grain', 'film grain, 35mm', { tags: ['style'] }),
				style('人像 again', '{prompt}，柔和的自然光', { negativePrompt: '模糊' })
			]
		});

		expect(result).toEqual({
			created: 2,
			skipped: [
				{ index: 0, title: 'Cinematic copy', reason: 'DUPLICATE_OF_PRESET' },
				{ index: 3, title: '人像 again', reason: 'DUPLICATE_IN_FILE' }
			]
		});
		const list = await user.presets.list();
		expect(list.map((p) => [p.title, p.category, p.position])).toEqual([
			['Existing', '', 0],
			['人像', '摄影', 1],
			['Film grain', '', 2]
		]);
		expect(list.every((preset) => isStyle(preset))).toBe(true);
	});

	it('refuses a pack with a bad row as a whole, naming the problem; nothing is written', async () => {
		const before = await user.presets.list();
		await expect(
			admin.admin.presets.import({
				presets: [style('Fine', 'fine {prompt}'), style('', 'no title {prompt}')]
			})
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			admin.admin.presets.import({
				presets: Array.from({ length: MAX_PRESET_IMPORT + 1 }, (_, i) =>
					style(`S${i}`, `s ${i} {prompt}`)
				)
			})
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		expect(await user.presets.list()).toEqual(before);
	});

	it('is for admins only', async () => {
		await expect(
			user.admin.presets.import({ presets: [style('Mine', 'mine {prompt}')] })
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
