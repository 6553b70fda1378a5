/** Fills the seeded demo form in a browser as a visitor would (test-only). */
import type { Page } from 'playwright-core';

/** Walks the demo form's steps to its last one with `email`, a homeowner, leaving only the submit. */
export async function fillDemoForm(page: Page, email: string) {
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('What best describes you?').selectOption('homeowner');
  await page.getByLabel('Under $100').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Just researching').check();
  await page.getByLabel(/I agree that my answers are stored/).check();
}
