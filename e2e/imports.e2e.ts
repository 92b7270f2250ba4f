/**
 * The Imports page in a real browser: a data manager uploads a Village CSV file, follows its
 * progress, reads what was taken; a file with a bad row is refused with its line and column; people
 * in other roles see no Imports entry. Screenshots on a desktop and a 375-px phone, English and
 * Spanish; no serious axe violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, newPage, PHONE, screenshot, seriousAxeViolations, signIn, startHarness, type Harness } from './harness.ts';

let h: Harness;
let school: string;
let student: string;
beforeAll(async () => {
  h = await startHarness();
  const db = h.server.database.db;
  const e = await db.selectFrom('enrollments').innerJoin('students', 'students.id', 'enrollments.student_id').innerJoin('schools', 'schools.id', 'enrollments.school_id').select(['students.ext_id', 'schools.code']).where('enrollments.exit_date', 'is', null).limit(1).executeTakeFirstOrThrow();
  school = e.code;
  student = e.ext_id;
});
afterAll(() => h?.close());

async function expectAccessible(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

async function openImports(page: Page, phone: boolean) {
  if (phone) await page.getByRole('button', { name: /Menu|Menú/ }).click();
  await page.getByRole('link', { name: /^(Imports|Importaciones)$/ }).click();
  await page.getByRole('heading', { level: 1, name: /^(Imports|Importaciones)$/ }).waitFor();
}

async function uploadCsv(page: Page, kind: string, name: string, text: string) {
  await page.getByRole('radio', { name: /^(Village CSV templates|Plantillas CSV de Village)/ }).check();
  await page.getByRole('combobox', { name: /^(Template|Plantilla)$/ }).selectOption(kind);
  await page.locator('#import-files').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: /^(Import|Importar)$/ }).click();
}

describe('the Imports page', () => {
  it('a data manager imports a file, follows it, and reads what was taken, on a desktop and a phone, in English and Spanish', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const { page, context } = await newPage(h, viewport);
      await signIn(page, 'data@riverside.example');
      await openImports(page, viewport === PHONE);
      // The demo district's own import is in the history.
      await page.getByRole('table', { name: 'Imports of this district, latest first' }).waitFor();
      await expectAccessible(page);
      await screenshot(page, `imports-${name}-en`);

      const day = viewport === PHONE ? '2099-01-05' : '2099-01-04';
      await uploadCsv(page, 'attendance', `attendance-${name}.csv`, `student_id,school_id,date,status\n${student},${school},${day},absent_excused\n`);
      const outcome = page.getByRole('status').filter({ hasText: 'Import finished' });
      await outcome.waitFor({ timeout: 90_000 });
      await expect(outcome.textContent()).resolves.toMatch(/1 row read: 1 added/);
      await screenshot(page, `imports-done-${name}-en`);
      await page.getByRole('link', { name: 'See what was taken and what was refused' }).click();
      await page.getByRole('heading', { level: 1, name: /^Import #\d+$/ }).waitFor();
      await page.getByRole('table', { name: 'What each file gave' }).getByText(`attendance-${name}.csv`).waitFor();
      // A date outside every school year is stored, and said so.
      await page.getByRole('table', { name: 'Errors and warnings by file, line and column' }).getByText(/outside every school year/).waitFor();
      await expectAccessible(page);
      await screenshot(page, `import-detail-${name}-en`);

      await page.getByLabel('Language').selectOption('es');
      await page.locator('html[lang="es"]').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Archivos' }).waitFor();
      await expectAccessible(page);
      await screenshot(page, `import-detail-${name}-es`);
      await page.getByRole('link', { name: 'Volver a importaciones' }).click();
      await page.getByRole('heading', { level: 1, name: 'Importaciones' }).waitFor();
      await expectAccessible(page);
      await screenshot(page, `imports-${name}-es`);
      // The language is saved on the account: back to English for the next run.
      await page.getByLabel('Idioma').selectOption('en');
      await page.locator('html[lang="en"]').waitFor();
      await context.close();
    }
  });

  it('refuses a file with a bad row, naming its line and column, and writes nothing', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'data@riverside.example');
    await openImports(page, false);
    await uploadCsv(page, 'attendance', 'bad.csv', `student_id,school_id,date,status\n${student},${school},2099-02-01,absent_excused\nnobody,${school},2099-02-01,present\n`);
    await page.getByRole('alert').filter({ hasText: 'Import refused: nothing was written' }).waitFor({ timeout: 90_000 });
    await page.getByRole('link', { name: 'See what was taken and what was refused' }).click();
    const issues = page.getByRole('table', { name: 'Errors and warnings by file, line and column' });
    const row = issues.getByRole('row').filter({ hasText: 'the student "nobody" is not known' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/bad\.csv\s*3\s*student_id/);
    await expectAccessible(page);
    await screenshot(page, 'import-refused-en');
    const stored = await h.server.database.db.selectFrom('attendance_records').select('date').where('date', '=', '2099-02-01').execute();
    expect(stored).toEqual([]);
    await context.close();
  });

  it('shows no Imports entry to other roles, and refuses them the page', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'teacher@riverside.example');
    await expect(page.getByRole('link', { name: 'Imports' }).count()).resolves.toBe(0);
    await page.goto('/imports');
    await page.getByRole('heading', { level: 1 }).filter({ hasText: /not found/i }).waitFor();
    const res = await page.request.get('/api/v1/imports');
    expect(res.status()).toBe(403);
    await context.close();
  });
});
