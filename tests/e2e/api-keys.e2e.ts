import { expect, signUp, test } from './fixtures';

test.describe('API keys page', () => {
	test('creates a key shown once (copyable, working), lists it and revokes it', async ({
		page,
		context,
		baseURL
	}) => {
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
		await signUp(page);
		await page.goto('/settings');
		await page.getByRole('link', { name: 'API keys for scripts and other apps' }).click();
		await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
		await expect(page.getByText('No keys yet.')).toBeVisible();

		await page.getByRole('button', { name: 'Create key' }).click();
		await expect(page.getByRole('alert')).toHaveText('Give the key a name.');
		await page.getByLabel('Name').fill('nightly batch');
		await page.getByLabel('Credit cap (optional)').fill('50');
		await page.getByRole('button', { name: 'Create key' }).click();

		const secretBox = page.getByRole('textbox', { name: 'Secret key' });
		const secret = await secretBox.inputValue();
		expect(secret).toMatch(/^nbs_[A-Za-z0-9_-]{43}$/);
		await page.getByRole('button', { name: 'Copy' }).click();
		await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

		const models = await page.request.get('/v1/models', {
			headers: { authorization: `Bearer ${secret}` }
		});
		expect(models.status()).toBe(200);

		await page.getByRole('button', { name: 'I have saved it' }).click();
		await expect(secretBox).toHaveCount(0);
		await expect(page.getByText(secret)).toHaveCount(0);
		const item = page.getByRole('listitem', { name: 'nightly batch' });
		await expect(item).toContainText(secret.slice(0, 12));
		await expect(item).toContainText('0 of 50 credits used');
		await expect(item).toContainText('Active');

		// An image made through the key lands in the gallery (synced), and its receipt names the key.
		const made = await page.request.post('/v1/images/generations', {
			headers: { authorization: `Bearer ${secret}` },
			data: { model: 'demo/fast', prompt: 'made through the API', response_format: 'url' }
		});
		expect(made.status()).toBe(200);
		await page.goto('/gallery?q=made%20through');
		await page.getByRole('region', { name: 'Images' }).getByRole('link').first().click();
		await expect(page.getByText('Made by API key nightly batch')).toBeVisible();
		await page.goto('/settings/api-keys');

		await item.getByRole('button', { name: 'Revoke key nightly batch' }).click();
		const dialog = page.getByRole('dialog', { name: 'Revoke “nightly batch”?' });
		await dialog.getByRole('button', { name: 'Revoke' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'Key “nightly batch” revoked.' })
		).toBeVisible();
		await expect(item).toContainText('Revoked');
		await expect(item.getByRole('button')).toHaveCount(0);
		expect(
			(
				await page.request.get('/v1/models', { headers: { authorization: `Bearer ${secret}` } })
			).status()
		).toBe(401);
	});
});
