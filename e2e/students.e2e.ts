/**
 * Students, classes and the Ed-Fi mappings page in a real browser: find a student, open their
 * record, a teacher's classes, what union representatives cannot reach, and mapping a descriptor.
 * Screenshots on a desktop and a 375-px phone, in English and Spanish; no serious axe violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, newPage, PHONE, screenshot, seriousAxeViolations, signIn, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function expectAccessible(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

async function toSpanish(page: Page) {
  await page.getByLabel('Language').selectOption('es');
  await page.locator('html[lang="es"]').waitFor();
}

describe('students and classes', () => {
  it('a district administrator finds a student and reads their record, in English and Spanish, on a desktop and a phone', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const { page, context } = await newPage(h, viewport);
      await signIn(page, 'director@riverside.example');
      if (viewport === PHONE) await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Students', exact: true }).click();
      await page.getByRole('heading', { name: 'Students', level: 1 }).waitFor();
      await page.getByRole('status').filter({ hasText: /students found/ }).waitFor();
      await expectAccessible(page);
      await screenshot(page, `students-list-${name}-en`);

      // Search by a name taken from the first row, then filter by grade.
      const firstLink = page.locator('table tbody tr th a').first();
      const fullName = (await firstLink.textContent())!;
      const lastName = fullName.split(',')[0];
      await page.getByLabel('Name or student ID').fill(lastName);
      await page.getByRole('button', { name: 'Find students' }).click();
      await page.waitForURL(/q=/);
      await page.getByRole('status').filter({ hasText: /found/ }).waitFor();
      const rows = page.locator('table tbody tr th a');
      expect(await rows.count()).toBeGreaterThan(0);
      for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain(lastName.toLowerCase());

      await rows.first().click();
      await page.getByRole('heading', { name: 'Attendance', level: 2 }).waitFor();
      for (const section of ['Profile', 'Enrollments', 'Guardians and family', 'Programs', 'Assessments', 'Discipline']) {
        await page.getByRole('heading', { name: section, level: 2 }).waitFor();
      }
      await expect(page.getByText('Days enrolled').first().isVisible()).resolves.toBe(true);
      await expectAccessible(page);
      await screenshot(page, `student-record-${name}-en`);
      await toSpanish(page);
      await page.getByRole('heading', { name: 'Asistencia', level: 2 }).waitFor();
      await expectAccessible(page);
      await screenshot(page, `student-record-${name}-es`);
      await page.goto('/students');
      await page.getByRole('heading', { name: 'Estudiantes', level: 1 }).waitFor();
      await screenshot(page, `students-list-${name}-es`);
      await page.getByLabel('Idioma').selectOption('en');
      await context.close();
    }
  });

  it('a teacher sees their classes and their students only; another student is "not found"', async () => {
    // A student of a school the teacher does not teach at, found as the director.
    const admin = await newPage(h);
    await signIn(admin.page, 'director@riverside.example');
    const elsewhere = await admin.page.evaluate(async () => {
      const me = await (await fetch('/api/v1/session')).json();
      void me;
      const schools = (await (await fetch('/api/v1/schools')).json()).schools as Array<{ id: number; code: string }>;
      const last = schools.sort((a, b) => a.code.localeCompare(b.code))[schools.length - 1];
      const list = await (await fetch(`/api/v1/students?schoolId=${last.id}&pageSize=1`)).json();
      return list.students[0].id as number;
    });
    await admin.context.close();

    const { page, context } = await newPage(h, PHONE);
    await signIn(page, 'teacher@riverside.example');
    await page.goto('/classes');
    await page.getByRole('heading', { name: 'Classes', level: 1 }).waitFor();
    await page.getByText('The classes you teach.').waitFor();
    await page.getByRole('status').filter({ hasText: /found/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'classes-teacher-phone-en');
    await page.locator('table tbody tr th a').first().click();
    await page.getByRole('table', { name: 'Students in this class' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'class-teacher-phone-en');
    const inClass = await page.locator('table tbody tr th a').count();
    expect(inClass).toBeGreaterThan(0);

    await page.goto(`/students/${elsewhere}`);
    await page.getByRole('heading', { name: 'Student not found', level: 1 }).waitFor();
    await toSpanish(page);
    await page.getByRole('heading', { name: 'Estudiante no encontrado', level: 1 }).waitFor();
    await screenshot(page, 'student-not-found-phone-es');
    await page.getByLabel('Idioma').selectOption('en');
    await context.close();
  });

  it('partner staff see only the students and the kinds of records their data-sharing terms name', async () => {
    const { page, context } = await newPage(h, PHONE);
    await signIn(page, 'partner@riverside.example');
    await page.goto('/students');
    await page.getByRole('heading', { name: 'Students', level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: /found/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'students-list-partner-phone-en');
    const links = page.locator('table tbody tr th a');
    if ((await links.count()) > 0) {
      await links.first().click();
      await page.getByRole('heading', { name: 'Profile', level: 2 }).waitFor();
      const withheld = await page.getByText('Shared under your data-sharing terms only').count();
      const api = await page.evaluate(async () => (await (await fetch(location.pathname.replace('/students/', '/api/v1/students/'))).json()).withheld as string[]);
      expect(withheld).toBe(api.length ? 1 : 0);
      await expectAccessible(page);
      await screenshot(page, 'student-record-partner-phone-en');
    }
    await context.close();
  });

  it('a union representative has no Students page at all', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'union@riverside.example');
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Students' }).count()).resolves.toBe(0);
    await page.goto('/students');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/students')).status);
    expect(status).toBe(403);
    await context.close();
  });
});

describe('Ed-Fi mappings', () => {
  it('a data manager maps a district value onto a Village code and removes it again', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'data@riverside.example');
    await page.getByRole('link', { name: 'Ed-Fi mappings' }).click();
    await page.getByRole('heading', { name: 'Ed-Fi descriptor mappings', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Kind of descriptor').first().selectOption('AttendanceEventCategory');
    await page.getByLabel('Value or descriptor URI').fill('uri://riverside.example/AttendanceEventCategoryDescriptor#Field Trip');
    await page.getByLabel('Village code').selectOption('present');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText('Saved: Field Trip → Present.').waitFor();
    const own = page.getByRole('table', { name: "Mappings your district added or changed" });
    await own.getByRole('cell', { name: 'Field Trip' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'edfi-mappings-desktop-en');
    await toSpanish(page);
    await page.getByRole('heading', { name: 'Correspondencias de descriptores Ed-Fi', level: 1 }).waitFor();
    await screenshot(page, 'edfi-mappings-desktop-es');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('button', { name: 'Remove the mapping of Field Trip' }).click();
    await page.getByText('Removed the mapping of Field Trip.').waitFor();
    await own.getByText('Your district uses the shipped defaults only.').waitFor();
    await context.close();

    const phone = await newPage(h, PHONE);
    await signIn(phone.page, 'data@riverside.example');
    await phone.page.goto('/imports/edfi-mappings');
    await phone.page.getByRole('heading', { name: 'Shipped defaults' }).waitFor();
    await expectAccessible(phone.page);
    await screenshot(phone.page, 'edfi-mappings-phone-en');
    await phone.context.close();
  });
});
