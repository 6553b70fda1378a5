/** Fills the seeded demo form in a browser as a visitor would (test-only). */
import type { Page } from 'playwright-core';

/**
 * Walks the demo form's steps to its last one with `email`, a homeowner, leaving only the submit. The bill
 * and timeline are the labels of the options picked: by default a lead to nurture, whose outcome has no call.
 */
export async function fillDemoForm(
  page: Page,
  email: string,
  { bill = 'Under $100', timeline = 'Just researching' } = {},
) {
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('What best describes you?').selectOption('homeowner');
  await page.getByLabel(bill).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(timeline).check();
  await page.getByLabel(/I agree that my answers are stored/).check();
}
