import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_PROVIDER_KEY } from '../../playwright.config';

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

test.describe('provider key', () => {
	test('appears in no built client file', () => {
		const files = filesUnder('build');
		expect(files.length).toBeGreaterThan(5);
		for (const file of files)
			expect(readFileSync(file).includes(E2E_PROVIDER_KEY), file).toBe(false);
	});

	test('appears in no response the browser sees while using the app', async ({ page }) => {
		const bodies: string[] = [];
		page.on('response', async (response) => {
			const type = response.headers()['content-type'] ?? '';
			if (/json|javascript|html|text/.test(type))
				bodies.push(await response.text().catch(() => ''));
		});
		await page.goto('/login');
		await page.getByLabel('Email').fill(`key-${Date.now()}@example.test`);
		await page.getByLabel('Password').fill('long password 123');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
		await page.goto('/readyz');
		expect(bodies.length).toBeGreaterThan(3);
		for (const body of bodies) expect(body).not.toContain(E2E_PROVIDER_KEY);
	});
});
