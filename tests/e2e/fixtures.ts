import { expect, test as base, type Page } from '@playwright/test';

/** Signs a brand-new account up through the UI and lands on the Generate page. */
export async function signUp(page: Page, email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`): Promise<string> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('long password 123');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
	return email;
}

/** The number in the header's credit balance. */
export async function creditBalance(page: Page): Promise<number> {
	const text = (await page.getByTestId('credit-balance').textContent()) ?? '';
	return Number.parseInt(text.replace(/[^0-9]/g, ''), 10);
}

export const test = base;
export { expect };
