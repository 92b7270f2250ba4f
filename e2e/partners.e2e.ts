/**
 * Partners, agreements and needs in the browser, with the demo district: a director finds partners
 * and looks after agreements (documents, data sharing, health check); the school's coordinator sees
 * her school's needs and who could meet them; the demo partner sees exactly what its terms allow.
 * Every page is checked with axe and photographed on a desktop and a 375-px phone, in English and
 * Spanish.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, newPage, PHONE, screenshot, seriousAxeViolations, signIn, startHarness, type Harness } from './harness.ts';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(path.join(tmpdir(), 'village-e2e-partners-'));
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A page in a fresh browser context; generous waits, as the machine running the tests may be busy. */
async function open(viewport = DESKTOP, locale = 'en-US') {
  const opened = await newPage(h, viewport, locale);
  opened.page.setDefaultTimeout(90_000);
  return opened;
}

async function checked(page: Page, name: string) {
  await page.locator('main h1').first().waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
  const violations = await seriousAxeViolations(page);
  expect([name, violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)]).toEqual([name, []]);
  await screenshot(page, name);
}

describe('partners and agreements in the browser', () => {
  it('a director finds partners by need and opens one serving several schools', async () => {
    const { page, context } = await open(DESKTOP);
    await signIn(page, 'director@riverside.example');
    await page.goto('/partners');
    await page.getByRole('heading', { name: 'Partner directory' }).waitFor();
    await page.getByText(/\d+ partners/).waitFor();
    await checked(page, 'partners-directory-en');
    await page.getByLabel('Need category').selectOption('food');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: "St. Luke's Church" }).waitFor();
    expect(await page.locator('.partner-card').count()).toBe(1);
    await page.goto('/partners');
    await page.getByRole('link', { name: 'Riverside Reads' }).click();
    await page.getByRole('heading', { name: 'Riverside Reads', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Attendance mentors' }).waitFor();
    await checked(page, 'partner-detail-en');
    await context.close();
  });

  it('a director looks after an agreement: documents, data-sharing terms in force, health check over two years', async () => {
    const { page, context } = await open(DESKTOP);
    await signIn(page, 'director@riverside.example');
    await page.goto('/agreements');
    await page.getByText(/needs? renewing soon/).waitFor();
    await checked(page, 'agreements-list-en');
    await page.getByRole('link', { name: 'Attendance and reading partnership' }).first().click();
    await page.getByRole('heading', { name: 'Attendance and reading partnership', level: 1 }).waitFor();
    // Attach a document: a PDF is accepted, a text file named .pdf is refused with the reason.
    const pdf = path.join(dir, 'signed.pdf');
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await page.getByLabel('File', { exact: true }).setInputFiles(pdf);
    await page.getByRole('button', { name: 'Attach the document' }).click();
    await page.getByRole('link', { name: 'signed.pdf' }).waitFor();
    const fake = path.join(dir, 'notes.pdf');
    writeFileSync(fake, 'only some text');
    await page.getByLabel('File', { exact: true }).setInputFiles(fake);
    await page.getByRole('button', { name: 'Attach the document' }).click();
    await page.getByText(/attach one of/).waitFor();
    await checked(page, 'agreement-detail-en');
    await page.getByRole('link', { name: 'Terms for Riverside Reads' }).click();
    await page.getByText(/The partner's staff can see \d+ students? today/).waitFor();
    await checked(page, 'agreement-terms-en');
    await page.getByRole('link', { name: 'Attendance and reading partnership' }).click();
    await page.getByRole('link', { name: 'Partnership health check' }).click();
    await page.getByRole('heading', { name: /Where the parties disagree most/ }).waitFor();
    await checked(page, 'agreement-health-en');
    await context.close();
  });

  it('the coordinator sees her school’s needs, suggestions from its figures and partners able to meet them (Spanish, on a phone)', async () => {
    const { page, context } = await open(PHONE, 'es-ES');
    await signIn(page, 'coordinator@riverside.example');
    await page.goto('/needs');
    await page.getByRole('heading', { name: 'Necesidades de las escuelas' }).waitFor();
    await page.getByRole('heading', { name: 'Sugeridas por las cifras de la escuela' }).waitFor();
    await checked(page, 'needs-phone-es');
    await page.goto('/needs/matching');
    await page.getByRole('heading', { name: 'Socios para cada necesidad', level: 1 }).waitFor();
    await page.getByText('Todavía ningún socio del directorio ofrece esto.').first().waitFor();
    await checked(page, 'needs-matching-phone-es');
    await page.goto('/needs/overview');
    await page.getByText(/destaca/).first().waitFor();
    await checked(page, 'needs-overview-phone-es');
    await page.goto('/partners');
    await page.getByText(/\d+ socios/).waitFor();
    await checked(page, 'partners-directory-phone-es');
    await context.close();
  });

  it('the demo partner sees its agreements, results and exactly the students its terms name; nothing of other agreements', async () => {
    const { page, context } = await open(PHONE);
    await signIn(page, 'partner@riverside.example');
    await page.getByRole('heading', { name: 'Riverside Reads', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Show the students' }).click();
    const caption = await page.getByText(/students? named by our data-sharing terms/).textContent();
    const shown = Number(/(\d+)/.exec(caption ?? '')?.[1]);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(6);
    await checked(page, 'partner-portal-phone-en');
    await page.getByRole('table', { name: /students? named by our data-sharing terms/ }).getByRole('link').first().click();
    await page.getByText(/what our terms allow/).waitFor();
    await checked(page, 'partner-student-phone-en');
    // Another partner's agreement does not exist for this partner.
    const res = await page.request.get('/api/v1/agreements');
    const mine = ((await res.json()) as { agreements: Array<{ id: number; title: string }> }).agreements;
    expect(mine.map((a) => a.title)).toEqual(['Attendance and reading partnership']);
    const other = await page.request.get(`/api/v1/agreements/${Math.max(...mine.map((a) => a.id)) + 1}`);
    expect(other.status()).toBe(404);
    await page.goto(`/agreements/${Math.max(...mine.map((a) => a.id)) + 1}`);
    await page.getByRole('alert').waitFor();
    await context.close();
  });

  it('district staff show a parent the record of disclosures (Spanish, desktop)', async () => {
    const partner = await open(DESKTOP);
    await signIn(partner.page, 'partner@riverside.example');
    const students = (await (await partner.page.request.get('/api/v1/partner-portal/students')).json()) as { students: Array<{ studentNumber: string }> };
    await partner.context.close();
    const { page, context } = await open(DESKTOP, 'es-ES');
    await signIn(page, 'data@riverside.example');
    await page.getByLabel(/^(Language|Idioma)$/).selectOption('es');
    await page.goto('/disclosures');
    await page.getByRole('heading', { name: 'Registro de divulgaciones' }).waitFor();
    await page.getByLabel('Número de estudiante').fill(students.students[0].studentNumber);
    await page.getByRole('button', { name: 'Mostrar el registro' }).click();
    const record = page.getByRole('table', { name: /divulgaci(ón|ones)$/ });
    await record.waitFor();
    expect(await record.locator('tbody tr').count()).toBeGreaterThan(0);
    await checked(page, 'disclosures-es');
    await page.goto('/agreements');
    await page.getByRole('heading', { name: 'Acuerdos', level: 1 }).waitFor();
    await checked(page, 'agreements-list-es');
    await context.close();
  });
});
