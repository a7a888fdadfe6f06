import { creditBalance, expect, signUp, test } from './fixtures';

test.describe('credits page', () => {
	test('lists the starting grant, charges and the refund of a failed generation', async ({
		page
	}) => {
		await signUp(page);
		await expect.poll(() => creditBalance(page)).toBe(20);

		await page.getByLabel('Prompt', { exact: true }).fill('a red kite over hills');
		await page.getByLabel('Model').selectOption('demo/sketch');
		await page.getByRole('button', { name: 'Generate' }).click();
		await expect(page.getByRole('img', { name: 'a red kite over hills' }).first()).toBeVisible({
			timeout: 20_000
		});

		await page.getByLabel('Prompt', { exact: true }).fill('x [demo:fail:CONTENT_BLOCKED]');
		await page.getByRole('button', { name: 'Generate' }).click();
		// The prompt itself contains "BLOCKED": wait for the error sentence, shown once the refund is in.
		await expect(page.getByText('blocked this request for safety reasons').first()).toBeVisible({
			timeout: 20_000
		});
		await expect.poll(() => creditBalance(page)).toBe(19);

		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Credits' })
			.click();
		await expect(page).toHaveURL(/\/credits$/);
		const table = page.getByRole('table', { name: 'Credit history' });
		await expect(table).toBeVisible();
		await expect(page.getByText('Balance: 19')).toBeVisible();

		const rows = table.locator('tbody tr');
		await expect(rows).toHaveCount(4);
		await expect(
			rows.filter({ hasText: 'Starting credits' }).filter({ hasText: '+20' })
		).toHaveCount(1);
		await expect(rows.filter({ hasText: 'Image generated' }).filter({ hasText: '−1' })).toHaveCount(
			2
		);
		await expect(
			rows.filter({ hasText: 'Refund — generation failed' }).filter({ hasText: '+1' })
		).toHaveCount(1);
		await expect(table.getByRole('columnheader')).toHaveText(['Date', 'What', 'Amount']);

		// The header balance keeps its name and leads here too.
		await page.getByRole('link', { name: 'Gallery' }).click();
		await page.getByRole('link', { name: 'Credit balance' }).click();
		await expect(page).toHaveURL(/\/credits$/);
	});
});
