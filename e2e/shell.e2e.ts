import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, PHONE, screenshot, seriousAxeViolations, signIn, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('the web shell', () => {
  it('shows the sign-in page without serious accessibility problems, in English and Spanish', async () => {
    const { page, context } = await newPage(h);
    await page.goto('/');
    await page.waitForURL('**/signin');
    await page.getByRole('heading', { name: 'Sign in to Village' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'signin-en');
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Iniciar sesión en Village' }).waitFor();
    await screenshot(page, 'signin-es');
    await context.close();
  });

  it('signs in and shows the account page on a phone', async () => {
    const { page, context } = await newPage(h, PHONE);
    await signIn(page, 'director@riverside.example');
    await page.goto('/account');
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'account-phone');
    await context.close();
  });
});
