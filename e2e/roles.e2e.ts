/**
 * Every demo role, in Chromium: the navigation shows exactly the areas the role may use; each of its
 * pages loads without an error and without serious or critical accessibility problems, at desktop
 * width and on a 375-pixel phone; the areas of other roles answer with the not-found page.
 * Screenshots go to test-artifacts/screenshots/roles/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROLES, type Role } from '../common/roles.ts';
import { DEMO_ACCOUNTS } from '../server/demo/accounts.ts';
import en from '../web/src/locales/en/common.json';
import es from '../web/src/locales/es/common.json';
import { DESKTOP, horizontalOverflow, newPage, PHONE, SCREENSHOTS, seriousAxeViolations, settle, signIn, startHarness, watchErrors, type Harness } from './harness.ts';

/** The foundation's own areas and who may use them; other capabilities' areas are checked through the nav. */
const FOUNDATION_AREAS: Record<string, readonly Role[]> = {
  '/admin': ['district_admin', 'data_manager'],
  '/users': ['district_admin'],
  '/audit': ['district_admin'],
  '/account': ROLES,
};

/** The demo accounts speak English or Spanish (the school coordinator's account is in Spanish). */
const NOT_FOUND = [en.notFoundTitle, es.notFoundTitle];
const MENU = new RegExp(`^(${en.menu}|${es.menu})$`, 'i');

let h: Harness;
const navByRole = new Map<Role, string[]>();
beforeAll(async () => {
  h = await startHarness();
  mkdirSync(path.join(SCREENSHOTS, 'roles'), { recursive: true });
  for (const role of ROLES) {
    const { page, context } = await newPage(h);
    await signIn(page, account(role).email);
    navByRole.set(role, await navLinks(page));
    await context.close();
  }
});
afterAll(() => h?.close());

function account(role: Role) {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role);
  if (!a) throw new Error(`no demo account for ${role}`);
  return a;
}

async function navLinks(page: Page): Promise<string[]> {
  return page.locator('#main-nav a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

const slug = (p: string) => p.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-') || 'home';

/** Follows the navigation link (on a phone, through the menu), as a person would. */
async function follow(page: Page, href: string, viewport: 'desktop' | 'phone') {
  if (viewport === 'phone') {
    expect(await page.locator('#main-nav').isVisible()).toBe(false);
    await page.getByRole('button', { name: MENU }).click();
  }
  await page.locator('#main-nav').waitFor();
  await page.locator(`#main-nav a[href="${href}"]`).click();
  await page.waitForURL((url) => url.pathname === href);
  // On a phone, choosing a page closes the menu (even the page one is on).
  if (viewport === 'phone') await page.locator('#main-nav').waitFor({ state: 'hidden', timeout: 5_000 });
}

async function checkPage(page: Page, errors: string[], role: Role, href: string, viewport: 'desktop' | 'phone') {
  const where = `${role} ${href} (${viewport})`;
  await follow(page, href, viewport);
  await settle(page);
  const h1 = (await page.locator('main h1').first().innerText()).trim();
  expect([where, NOT_FOUND.includes(h1)]).toEqual([where, false]);
  const alerts = await page.locator('main .alert-error').allInnerTexts();
  expect([where, alerts]).toEqual([where, []]);
  expect([where, errors.splice(0)]).toEqual([where, []]);
  const violations = await seriousAxeViolations(page);
  expect([where, violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)]).toEqual([where, []]);
  if (viewport === 'phone') {
    const overflow = await horizontalOverflow(page);
    expect([where, `${overflow}px wider than the screen`]).toEqual([where, `${Math.min(overflow, 0)}px wider than the screen`]);
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'roles', `${role}-${slug(href)}-${viewport}.png`), fullPage: true });
}

describe('what each role sees', () => {
  it('every role has a demo account and a navigation', () => {
    for (const role of ROLES) expect([role, (navByRole.get(role) ?? []).length > 0]).toEqual([role, true]);
  });

  for (const role of ROLES) {
    it(`${role}: the navigation shows exactly its areas, each loads cleanly at desktop width, and other areas are not found`, async () => {
      const nav = navByRole.get(role)!;
      const foundation = Object.keys(FOUNDATION_AREAS);
      expect(nav.filter((href) => foundation.includes(href)).sort()).toEqual(foundation.filter((a) => FOUNDATION_AREAS[a].includes(role)).sort());
      expect(new Set(nav).size).toBe(nav.length);

      const { page, context } = await newPage(h, DESKTOP);
      const errors = watchErrors(page);
      await signIn(page, account(role).email);
      for (const href of nav) await checkPage(page, errors, role, href, 'desktop');

      const elsewhere = [...new Set([...navByRole.values()].flat())].filter((href) => !nav.includes(href));
      for (const href of elsewhere) {
        await page.goto(href);
        await page.locator('main h1').first().waitFor();
        const title = (await page.locator('main h1').first().innerText()).trim();
        expect([role, href, title]).toEqual([role, href, expect.toBeOneOf(NOT_FOUND)]);
      }
      await context.close();
    });

    it(`${role}: each area works on a 375-pixel phone, through the menu`, async () => {
      const nav = navByRole.get(role)!;
      const { page, context } = await newPage(h, PHONE);
      const errors = watchErrors(page);
      await signIn(page, account(role).email);
      expect(await page.locator('#main-nav').isVisible()).toBe(false);
      await page.getByRole('button', { name: MENU }).click();
      expect(await page.locator('#main-nav').isVisible()).toBe(true);
      expect(await navLinks(page)).toEqual(nav);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'roles', `${role}-menu-phone.png`) });
      await page.locator('.menu-button').click();
      expect(await page.locator('#main-nav').isVisible()).toBe(false);
      for (const href of nav) await checkPage(page, errors, role, href, 'phone');
      await context.close();
    });
  }
});
