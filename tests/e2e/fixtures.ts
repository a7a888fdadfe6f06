import { expect, test as base, type Browser, type Page } from '@playwright/test';

/** Signs a brand-new account up through the UI and lands on the Generate page. */
export async function signUp(
	page: Page,
	email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`
): Promise<string> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('long password 123');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
	return email;
}

/** Follows a link of the main navigation; on a phone it sits under the header's Menu button. */
export async function navigate(page: Page, name: string): Promise<void> {
	const menu = page.getByRole('button', { name: 'Menu' });
	if (await menu.isVisible()) await menu.click();
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name, exact: true })
		.click();
}

/** The number in the header's credit balance. */
export async function creditBalance(page: Page): Promise<number> {
	const text = (await page.getByTestId('credit-balance').textContent()) ?? '';
	return Number.parseInt(text.replace(/[^0-9]/g, ''), 10);
}

/** A second device of the same person: a new browser context (its own IndexedDB), signed in. */
export async function signInOnNewDevice(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('long password 123');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
	return page;
}

/** One row of the signed-in user's credit ledger. */
export interface LedgerEntry {
	amount: number;
	kind: string;
	generationId: string | null;
}

/** The signed-in user's credit ledger, straight from the relay. */
export async function ledger(page: Page): Promise<LedgerEntry[]> {
	return page.evaluate(async () => {
		const input = encodeURIComponent(JSON.stringify({ limit: 200 }));
		const response = await fetch(`/trpc/credits.ledger?input=${input}`, {
			headers: { 'x-nbs-client': '1' }
		});
		const body = (await response.json()) as { result: { data: { entries: LedgerEntry[] } } };
		return body.result.data.entries;
	});
}

/** Charges per generation id (each should be exactly 1). */
export function chargesById(entries: LedgerEntry[]): Map<string, number> {
	const charges = new Map<string, number>();
	for (const entry of entries.filter((e) => e.kind === 'charge'))
		charges.set(entry.generationId ?? '', (charges.get(entry.generationId ?? '') ?? 0) + 1);
	return charges;
}

export const test = base;
export { expect };
