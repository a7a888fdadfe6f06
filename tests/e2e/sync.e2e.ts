/**
 * Sync across devices (issue 10): each browser context is one device of the same person, with its
 * own IndexedDB. Nothing is reloaded to see another device's change: the poke brings it.
 */
import type { Page } from '@playwright/test';
import { creditBalance, expect, signInOnNewDevice, signUp, test } from './fixtures';

async function openLibrary(page: Page) {
	await page.getByRole('link', { name: 'Library' }).click();
	await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
}

async function createPrompt(page: Page, title: string, text: string) {
	await page.getByRole('button', { name: 'New prompt' }).first().click();
	const dialog = page.getByRole('dialog', { name: 'New prompt' });
	await dialog.getByLabel('Title').fill(title);
	await dialog.getByLabel('Prompt text').fill(text);
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog).toBeHidden();
}

const card = (page: Page, title: string) => page.getByRole('article', { name: title, exact: true });
const syncStatus = (page: Page) => page.getByRole('button', { name: /^Sync status: / });

test.describe('sync across devices', () => {
	test('a prompt, an image and the balance change made on one device appear on the other without a reload; an empty device gets everything back', async ({
		page: laptop,
		browser
	}) => {
		const email = await signUp(laptop);
		const phone = await signInOnNewDevice(browser, email);
		await openLibrary(phone);

		await openLibrary(laptop);
		await createPrompt(laptop, 'Lighthouse', 'a lighthouse at dusk, watercolour');
		await expect(card(phone, 'Lighthouse')).toBeVisible({ timeout: 10_000 });

		await laptop.getByRole('link', { name: 'Generate' }).click();
		await laptop.getByLabel('Prompt', { exact: true }).fill('a red kite over hills');
		await laptop.getByRole('button', { name: 'Generate', exact: true }).click();
		await expect(laptop.getByRole('img', { name: 'a red kite over hills' }).first()).toBeVisible({
			timeout: 20_000
		});

		// The charge made on the laptop moves the phone's header balance too (the ledger syncs a poke).
		await expect.poll(() => creditBalance(phone), { timeout: 10_000 }).toBe(19);

		await phone.getByRole('link', { name: 'Gallery' }).click();
		const tile = phone.getByRole('link', { name: 'a red kite over hills' }).first();
		await expect(tile).toBeVisible({ timeout: 10_000 });
		await expect
			.poll(
				() =>
					tile
						.locator('img')
						.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
				{ timeout: 10_000 }
			)
			.toBe(true);

		const fresh = await signInOnNewDevice(browser, email);
		await openLibrary(fresh);
		await expect(card(fresh, 'Lighthouse')).toBeVisible({ timeout: 10_000 });
		await fresh.getByRole('link', { name: 'Gallery' }).click();
		await expect(fresh.getByRole('link', { name: 'a red kite over hills' }).first()).toBeVisible({
			timeout: 10_000
		});
		await expect(syncStatus(fresh)).toHaveAccessibleName(/: Synced$/, { timeout: 10_000 });
	});

	test('a favourite set offline on one device reaches the other once back online', async ({
		page: laptop,
		browser
	}) => {
		const email = await signUp(laptop);
		await openLibrary(laptop);
		await createPrompt(laptop, 'Fox', 'a red fox in snow');
		const phone = await signInOnNewDevice(browser, email);
		await openLibrary(phone);
		await expect(card(phone, 'Fox')).toBeVisible({ timeout: 10_000 });

		await phone.context().setOffline(true);
		await card(phone, 'Fox').getByRole('button', { name: 'Favourite' }).click();
		await expect(syncStatus(phone)).toHaveAccessibleName(/: Offline · 1 waiting$/, {
			timeout: 10_000
		});
		await expect(card(laptop, 'Fox').getByRole('button', { name: 'Favourite' })).toHaveAttribute(
			'aria-pressed',
			'false'
		);

		await phone.context().setOffline(false);
		await expect(card(laptop, 'Fox').getByRole('button', { name: 'Favourite' })).toHaveAttribute(
			'aria-pressed',
			'true',
			{ timeout: 15_000 }
		);
		await expect(syncStatus(phone)).toHaveAccessibleName(/: Synced$/, { timeout: 10_000 });
	});
});
