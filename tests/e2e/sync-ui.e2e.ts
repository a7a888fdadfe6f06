// The sync status in the header and the sign-out warning, on a real IndexedDB: changes made
// offline wait in the outbox, the header says so, and signing out asks first.
import { expect, test, signUp } from './fixtures';

test.describe('sync status and sign-out warning', () => {
	test('shows waiting changes offline, opens the details, and warns before signing out with unsent changes', async ({
		page,
		context
	}) => {
		await signUp(page);
		await expect(page.getByRole('button', { name: /^Sync status: / })).toBeVisible();
		await page.goto('/library');
		// Offline only once the page has loaded (its code is not cached before the service worker is).
		await expect(page.getByRole('button', { name: 'New prompt' }).first()).toBeVisible();
		await context.setOffline(true);
		await page.getByRole('button', { name: 'New prompt' }).first().click();
		const editor = page.getByRole('dialog', { name: 'New prompt' });
		await editor.getByLabel('Title').fill('Unsent fox');
		await editor.getByLabel('Prompt text').fill('a fox in the snow');
		await editor.getByRole('button', { name: 'Save' }).click();
		await expect(editor).toBeHidden();

		const status = page.getByRole('button', { name: /^Sync status: Offline · \d+ waiting$/ });
		await expect(status).toBeVisible();
		await status.click();
		const details = page.getByRole('region', { name: 'Sync' });
		await expect(details.getByText(/waiting to be sent/)).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(details).toBeHidden();
		await expect(status).toBeFocused();

		await page.getByRole('button', { name: 'Sign out' }).click();
		const warning = page.getByRole('dialog', { name: 'Sign out with unsent changes?' });
		await expect(warning).toContainText(/not reached the server yet/);
		await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(warning).toBeHidden();
		await expect(page).toHaveURL(/\/library$/);

		await page.getByRole('button', { name: 'Sign out' }).click();
		await warning.getByRole('button', { name: 'Sign out anyway' }).click();
		await expect(page).toHaveURL(/\/login$/);
		await context.setOffline(false);
	});
});
