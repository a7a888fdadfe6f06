/**
 * A batch across devices (issue 10) on the slow demo relay (`queue` project): the phone follows
 * the laptop's batch through sync, and when the laptop goes away mid-run the phone takes it over.
 * Every item is charged exactly once.
 */
import type { Page } from '@playwright/test';
import { chargesById, expect, ledger, signInOnNewDevice, signUp, test } from './fixtures';

const job = (page: Page, name: string) =>
	page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });

test('a batch started on the laptop shows its progress on the phone, which takes it over when the laptop goes away', async ({
	page: laptop,
	browser
}) => {
	const email = await signUp(laptop);
	const phone = await signInOnNewDevice(browser, email);
	await phone.getByRole('link', { name: 'Queue', exact: true }).click();

	await laptop.getByRole('link', { name: 'Batch', exact: true }).click();
	await laptop.getByLabel('Name', { exact: true }).fill('Two devices');
	await laptop
		.getByLabel('Prompts, one per line')
		.fill(['one', 'two', 'three', 'four', 'five'].join('\n'));
	await laptop.getByLabel('Model').selectOption('demo/sketch');
	await laptop.getByLabel('Images per prompt').fill('1');
	await laptop.getByLabel('At once').fill('1');
	await laptop.getByRole('button', { name: 'Start batch' }).click();
	await expect(laptop).toHaveURL(/\/queue$/);

	// The phone sees the laptop's batch and its progress, and knows it runs elsewhere.
	const card = job(phone, 'Two devices');
	await expect(card.getByTestId('job-progress')).toContainText('1 done', { timeout: 20_000 });
	await expect(card.getByText('Running on another device')).toBeVisible();

	// The laptop goes away mid-run; the phone takes the batch over and finishes it.
	await laptop.context().close();
	await card.getByRole('button', { name: 'Take over this batch' }).click();
	await expect(card.getByText('Running on another device')).toBeHidden({ timeout: 10_000 });
	await expect(card.getByTestId('job-progress')).toContainText('5 done · 0 failed · 5 total', {
		timeout: 60_000
	});

	const charges = chargesById(await ledger(phone));
	expect(charges.size).toBe(5);
	expect([...charges.values()].every((n) => n === 1)).toBe(true);
});
