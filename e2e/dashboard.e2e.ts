/**
 * Dashboards and goals in the browser, on the demo district: the director's overview (figures,
 * schools ranked, gaps, trend, goals), a school's page, the students behind a number, setting a goal
 * (refused with reasons, then set), a board member's suppressed view; desktop and a 375-px phone,
 * English and Spanish, no serious accessibility problem, and a clean print.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, newPage, PHONE, screenshot, seriousAxeViolations, signIn, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function useLanguage(page: Page, locale: 'en' | 'es') {
  const session = await (await page.request.get('/api/v1/session')).json();
  await page.request.patch('/api/v1/session/preferences', { data: { locale }, headers: { 'x-csrf-token': session.csrfToken } });
}

async function dashboardReady(page: Page) {
  await page.locator('.dash-figures').waitFor();
  await page.locator('.dash-chart svg').first().waitFor();
}

describe('dashboards', () => {
  it('shows the director where chronic absence is worst, for whom, and the goals (desktop, English and Spanish)', async () => {
    const { context, page } = await newPage(h, DESKTOP);
    await signIn(page, 'director@riverside.example');
    await page.goto('/dashboard');
    await page.getByRole('heading', { level: 1, name: 'District dashboard' }).waitFor();
    await dashboardReady(page);
    await page.getByRole('heading', { name: 'Schools ranked by chronic absence' }).waitFor();
    await page.getByRole('heading', { name: 'Gaps across student groups' }).waitFor();
    await page.getByRole('heading', { name: 'Month by month' }).waitFor();
    // The demo's goals are on the dashboard, each with a status.
    expect(await page.locator('#goals-title + * li, section[aria-labelledby="goals-title"] li').count()).toBeGreaterThan(0);
    const schoolRows = page.getByRole('region', { name: 'Chronic absence by school, highest first' }).locator('tbody tr');
    expect(await schoolRows.count()).toBeGreaterThan(2);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-desktop-en');

    // Another kind of student group: the chart and its table follow.
    await page.getByLabel('Student groups', { exact: true }).selectOption('english_learner');
    await page.getByRole('region', { name: 'Chronic absence by English learners' }).waitFor();

    // A CSV of a chart's table.
    const download = page.waitForEvent('download');
    await page.getByRole('region', { name: 'Chronic absence by school, highest first' }).locator('xpath=..').getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^chronic-absence-by-school-.*\.csv$/);

    await useLanguage(page, 'es');
    await page.goto('/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Panel del distrito' }).waitFor();
    await dashboardReady(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-desktop-es');

    // Prints without navigation, charts and tables one under the other.
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'dashboard-print-es');
    await page.emulateMedia({ media: 'screen' });
    await useLanguage(page, 'en');
    await context.close();
  });

  it('opens a school page and the students behind a number', async () => {
    const { context, page } = await newPage(h, DESKTOP);
    await signIn(page, 'director@riverside.example');
    await page.goto('/dashboard');
    await dashboardReady(page);
    const first = page.getByRole('region', { name: 'Chronic absence by school, highest first' }).locator('tbody tr a').first();
    const name = (await first.textContent()) ?? '';
    await first.click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('heading', { name: 'Chronic absence by grade' }).waitFor();
    await dashboardReady(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-school-en');

    await page.getByRole('link', { name: 'Early warning: on track to become chronically absent' }).click();
    await page.getByRole('heading', { level: 1, name: 'Early warning: on track to become chronically absent' }).waitFor();
    await page.getByText(/\d+ students?$/).first().waitFor();
    await page.getByRole('columnheader', { name: 'Can still miss' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-early-warning-en');
    const csv = await page.request.get((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')) as string);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toContain('days_can_still_miss');
    await context.close();
  });

  it('shows a board member the same figures with small groups suppressed, and no student list', async () => {
    const { context, page } = await newPage(h, PHONE);
    await signIn(page, 'board@riverside.example');
    await page.goto('/dashboard');
    await dashboardReady(page);
    await page.getByText(/Groups of fewer than 10 students are not shown/).waitFor();
    expect(await page.getByRole('heading', { name: 'The students behind these numbers' }).count()).toBe(0);
    await page.getByLabel('Student groups', { exact: true }).selectOption('home_language');
    await page.getByRole('region', { name: 'Chronic absence by Home language' }).getByText('Not shown (small group)').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-phone-en');
    const res = await page.request.get('/api/v1/student-lists/chronically-absent');
    expect(res.status()).toBe(403);
    await useLanguage(page, 'es');
    await page.goto('/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Panel del distrito' }).waitFor();
    await dashboardReady(page);
    await screenshot(page, 'dashboard-phone-es');
    await useLanguage(page, 'en');
    await context.close();
  });
});

describe('goals', () => {
  it('refuses a target above 100% with the reason, then sets the goal', async () => {
    const { context, page } = await newPage(h, DESKTOP);
    await signIn(page, 'director@riverside.example');
    await page.goto('/goals');
    await page.getByRole('heading', { level: 1, name: 'Shared goals' }).waitFor();
    await page.locator('.goal-list li').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'goals-en');
    await page.getByRole('link', { name: 'New goal' }).click();
    await page.getByRole('heading', { level: 1, name: 'New goal' }).waitFor();
    await page.getByLabel('Title').fill('Kindergarten attendance');
    await page.getByLabel('Student group').selectOption('english_learner');
    await page.getByLabel('Which group').selectOption('Y');
    await page.getByLabel('Target (%)').fill('150');
    await page.getByLabel('Target date').fill(`${new Date().getUTCFullYear() + 2}-06-30`);
    await page.getByRole('button', { name: 'Set the goal' }).click();
    await page.getByText('must be between 0% and 100% (given 150%)').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'goal-refused-en');
    await page.getByLabel('Target (%)').fill('5');
    await page.getByRole('button', { name: 'Set the goal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kindergarten attendance' }).waitFor();
    await page.getByRole('heading', { name: 'Where it stands' }).waitFor();
    await screenshot(page, 'goal-en');
    await context.close();
  });

  it('lists the goals on a phone in Spanish', async () => {
    const { context, page } = await newPage(h, PHONE);
    await signIn(page, 'union@riverside.example');
    await useLanguage(page, 'es');
    await page.goto('/goals');
    await page.getByRole('heading', { level: 1, name: 'Metas compartidas' }).waitFor();
    await page.locator('.goal-list li').first().waitFor();
    expect(await page.getByRole('link', { name: 'Nueva meta' }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'goals-phone-es');
    await useLanguage(page, 'en');
    await context.close();
  });
});
