/**
 * The web shell and the foundation's pages in Chromium: sign-in in two languages, an expired session
 * that keeps what the person typed, the district calendar by keyboard, accounts, API tokens and the
 * audit trail; Spanish on a phone. Screenshots in test-artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, isoWeekday } from '../common/calendar.ts';
import { DEMO_PASSWORD } from '../server/demo/accounts.ts';
import { horizontalOverflow, newPage, PHONE, screenshot, seriousAxeViolations, settle, signIn, startHarness, watchErrors, type Harness } from './harness.ts';

const DIRECTOR = 'director@riverside.example';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function userId(email: string): Promise<number> {
  return (await h.server.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

async function expireSessions(email: string) {
  await h.server.database.db.deleteFrom('sessions').where('user_id', '=', await userId(email)).execute();
}

async function axeClean(page: Page, where: string) {
  const v = await seriousAxeViolations(page);
  expect([where, v.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`)]).toEqual([where, []]);
}

describe('the web shell', () => {
  it('shows the sign-in page without serious accessibility problems, in English and Spanish', async () => {
    const { page, context } = await newPage(h);
    await page.goto('/');
    await page.waitForURL('**/signin');
    await page.getByRole('heading', { name: 'Sign in to Village' }).waitFor();
    await axeClean(page, 'sign-in');
    await screenshot(page, 'signin-en');
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Iniciar sesión en Village' }).waitFor();
    await screenshot(page, 'signin-es');
    await context.close();
  });

  it('refuses a wrong password with a message that does not say whether the account exists', async () => {
    const { page, context } = await newPage(h);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(DIRECTOR);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/email or password is not correct/);
    await context.close();
  });

  it('when the session expires, asks to sign in again over the page and keeps what was typed', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, DIRECTOR);
    await page.goto('/admin/schools');
    await settle(page);
    await page.getByRole('button', { name: 'Add a school' }).click();
    const form = page.getByRole('form', { name: 'Add a school' });
    await form.getByLabel('Name').fill('Lakeview Elementary');
    await form.getByLabel('School id').fill('RV-ES-99');
    await form.getByLabel('Type').selectOption('elementary');
    await expireSessions(DIRECTOR);

    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/schools') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Add a school' }).click();
    expect((await refused).status()).toBe(401);
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    expect(await form.getByLabel('Name').inputValue()).toBe('Lakeview Elementary');
    expect(await form.getByLabel('School id').inputValue()).toBe('RV-ES-99');
    await screenshot(page, 'session-expired');

    await dialog.getByLabel('Email').fill(DIRECTOR);
    await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Lakeview Elementary has been added.').waitFor();
    expect(await dialog.isVisible()).toBe(false);
    await page.getByRole('cell', { name: 'Lakeview Elementary' }).waitFor();
    const stored = await h.server.database.db.selectFrom('schools').select(['name', 'school_type']).where('code', '=', 'RV-ES-99').executeTakeFirst();
    expect(stored).toEqual({ name: 'Lakeview Elementary', school_type: 'elementary' });

    // Opening a page with an expired session goes to sign-in, and back to the page after.
    await expireSessions(DIRECTOR);
    await page.goto('/admin/years');
    await page.waitForURL('**/signin?next=%2Fadmin%2Fyears');
    await page.getByLabel('Email').fill(DIRECTOR);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/years');
    await page.getByRole('heading', { name: 'School years', level: 1 }).waitFor();
    await context.close();
  });
});

describe('district administration', () => {
  it('changes a calendar day by keyboard, fills weekdays minus holidays, and copies to another school', async () => {
    const { page, context } = await newPage(h);
    const errors = watchErrors(page);
    await signIn(page, DIRECTOR);
    await page.goto('/admin/calendar');
    await settle(page);
    await axeClean(page, 'calendar');
    const start = page.locator('button.day[tabindex="0"]');
    await start.focus();
    const first = (await start.getAttribute('data-date'))!;
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const target = addDays(first, 8);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.date)).toBe(target);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.date)).toBe(addDays(target, 7 - isoWeekday(target)));
    await page.keyboard.press('Home');
    const monday = addDays(target, 1 - isoWeekday(target));
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.date)).toBe(monday);
    await page.keyboard.press('Enter');
    const editor = page.locator('form.day-editor');
    await editor.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('day-editor-title');
    await editor.getByLabel('Day off').check();
    await editor.getByLabel('Event').fill('Staff development');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByText('1 day saved.').waitFor();
    expect(await page.locator(`button[data-date="${monday}"]`).getAttribute('aria-label')).toMatch(/Day off — Staff development$/);
    await page.getByRole('table', { name: 'Days off this year' }).getByRole('cell', { name: 'Staff development' }).waitFor();
    await screenshot(page, 'calendar-desktop');

    await page.getByText('Fill with weekdays').click();
    await page.getByLabel('Holidays and breaks').fill('not a date');
    await page.getByText(/Line 1 does not start with a date/).waitFor();
    const year = await h.server.database.db.selectFrom('school_years').selectAll().orderBy('start_date', 'desc').executeTakeFirstOrThrow();
    const thanksgiving = addDays(year.start_date, 70);
    await page.getByLabel('Holidays and breaks').fill(`${thanksgiving} Community day`);
    await page.getByLabel('Keep them; only add the missing days').check();
    await page.getByRole('button', { name: 'Fill the calendar' }).click();
    await page.getByText(/The calendar now has \d+ instructional days\./).waitFor();

    await page.getByText('Copy to other schools').click();
    const copyForm = page.locator('details', { hasText: 'Copy to other schools' });
    await copyForm.getByRole('checkbox').first().check();
    await copyForm.getByRole('button', { name: 'Copy to 1 school' }).click();
    await page.getByText(/Copied \d+ days to 1 school\./).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('saves district settings and names a bad one', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, DIRECTOR);
    await page.goto('/admin');
    await settle(page);
    await page.getByLabel(/Days enrolled before a student counts/).fill('31');
    await page.getByLabel('Count long partial-day absences as absences').check();
    await page.getByLabel('Minutes absent that make a partial day count').fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('.field-error').innerText()).toMatch(/Minutes absent/);
    await page.getByLabel('Minutes absent that make a partial day count').fill('180');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The settings have been saved.', { exact: false }).waitFor();
    const district = await h.server.database.db.selectFrom('districts').select('settings').executeTakeFirstOrThrow();
    expect(JSON.parse(district.settings)).toMatchObject({ minDaysEnrolled: 31, partialDayThresholdMinutes: 180 });
    await context.close();
  });
});

describe('accounts, tokens and the audit trail', () => {
  it('creates a teacher linked to a staff record, shows the password once, and the teacher signs in', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, DIRECTOR);
    await page.goto('/users/new');
    await settle(page);
    await page.getByLabel('Email').fill('new.teacher@riverside.example');
    await page.getByLabel(/^Name/).fill('New Teacher');
    await page.getByLabel('Role').selectOption('teacher');
    const staff = await h.server.database.db.selectFrom('staff').select(['first_name', 'last_name']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    await page.getByLabel('Search by name').fill(staff.last_name);
    await page.locator('.pick-list button').first().click();
    await page.locator('.picker strong').first().waitFor();
    await axeClean(page, 'new user');
    await page.getByRole('button', { name: 'New account' }).click();
    await page.getByRole('heading', { name: 'Account created' }).waitFor();
    const password = (await page.locator('.secret-value').innerText()).trim();
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await screenshot(page, 'user-created');
    const row = await h.server.database.db.selectFrom('users').select(['role', 'staff_id']).where('email', '=', 'new.teacher@riverside.example').executeTakeFirstOrThrow();
    expect(row.role).toBe('teacher');
    expect(row.staff_id).not.toBeNull();

    const other = await newPage(h);
    await signIn(other.page, 'new.teacher@riverside.example', password);
    await other.context.close();

    await page.getByRole('link', { name: 'Open the account' }).click();
    await settle(page);
    await page.getByRole('button', { name: 'Disable account' }).click();
    await page.getByRole('button', { name: 'Yes, disable' }).click();
    await page.getByText('The account has been disabled.').waitFor();
    await page.getByText('Disabled', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Enable account' }).click();
    await page.getByText('The account has been enabled.').waitFor();
    await context.close();
  });

  it('creates an API token shown once, which works until it is revoked', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, DIRECTOR);
    await page.goto('/account');
    await settle(page);
    await page.getByLabel(/^Name/).fill('Nightly sync');
    await page.getByLabel('Write').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Your new token').waitFor();
    const token = (await page.locator('.secret-value').innerText()).trim();
    expect(token).toMatch(/^vlg_/);
    const call = () => fetch(`${h.baseUrl}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await call()).toBe(200);
    await page.getByRole('cell', { name: 'Nightly sync' }).waitFor();
    await axeClean(page, 'account with token');
    await page.getByRole('button', { name: 'Revoke Nightly sync' }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByText('Revoked', { exact: true }).waitFor();
    expect(await call()).toBe(401);
    await context.close();
  });

  it('finds sign-ins in the audit trail', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, DIRECTOR);
    await page.goto('/audit');
    await settle(page);
    await page.getByLabel('Action').selectOption('sign_in');
    await page.getByLabel('Who').fill('new.teacher');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/action=sign_in/);
    await page.getByText('1 event, newest first').waitFor();
    await page.getByRole('cell', { name: /new\.teacher@riverside\.example/ }).waitFor();
    await axeClean(page, 'audit');
    await screenshot(page, 'audit-desktop');
    await context.close();
  });
});

describe('Spanish, on a phone', () => {
  it('shows the foundation pages in Spanish at 375 pixels, without overflow or serious accessibility problems', async () => {
    const { page, context } = await newPage(h, PHONE);
    const errors = watchErrors(page);
    await signIn(page, DIRECTOR);
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('button', { name: 'Menú' }).waitFor();
    for (const [path, title] of [
      ['/admin', 'Configuración del distrito'],
      ['/admin/schools', 'Escuelas'],
      ['/admin/years', 'Años escolares'],
      ['/admin/calendar', 'Calendarios escolares'],
      ['/users', 'Usuarios'],
      ['/users/tokens', 'Tokens de API del distrito'],
      ['/audit', 'Registro de auditoría'],
      ['/account', 'Mi cuenta'],
    ] as const) {
      await page.goto(path);
      await settle(page);
      expect(await page.locator('main h1').innerText()).toBe(title);
      await axeClean(page, `${path} (es, phone)`);
      expect([path, await horizontalOverflow(page)]).toEqual([path, 0]);
      await screenshot(page, `es-phone${path.replace(/\//g, '-')}`);
    }
    expect(errors).toEqual([]);
    await page.getByLabel('Idioma').selectOption('en');
    await context.close();
  });

  it('serves the API reference page', async () => {
    const { page, context } = await newPage(h);
    await page.goto('/api/docs');
    await page.getByText('Village API', { exact: false }).first().waitFor();
    await page.locator('.opblock-tag').first().waitFor();
    await screenshot(page, 'api-docs');
    await context.close();
  });
});
