/**
 * Home visits in the browser: a teacher pair logs a visit on a 375-px phone, in Spanish, offline; the
 * form opens without a connection (service worker), is saved on the device, and arrives once when the
 * connection returns, even when the first sending's answer is lost. The coordinator sees coverage and
 * the cross-section check; the district sees results beside the visits and, per school, that school's
 * teachers; the union sees hours and pay.
 */
// Let routes see the service worker's own requests, so "offline" covers them too.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { DESKTOP, newPage, PHONE, screenshot, seriousAxeViolations, signIn, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

interface Kit {
  staffId: number;
  schools: Array<{ id: number; visitTypes: Array<{ id: number; purpose: string }>; educators: Array<{ staffId: number; name: string }> }>;
  families: Array<{ key: string; schoolId: number; offerable: boolean; visitsSoFar: number; students: Array<{ firstName: string }> }>;
}

const blockEverything = (route: Route) => route.abort('internetdisconnected');

async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await context.route('**', blockEverything);
}
async function goOnline(context: BrowserContext) {
  await context.unroute('**', blockEverything);
  await context.setOffline(false);
}

async function myVisitCount(page: Page): Promise<number> {
  const res = await page.request.get('/api/v1/home-visits/visits?mine=1');
  expect(res.status()).toBe(200);
  return (await res.json()).total;
}

function isoDaysAgo(n: number): string {
  const d = new Date(Date.now() - n * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('home visits', () => {
  it('logs a visit offline on a phone, in Spanish, and it arrives once', async () => {
    const { context, page } = await newPage(h, PHONE, 'es-ES');
    await signIn(page, 'teacher@riverside.example');
    await page.request.patch('/api/v1/session/preferences', { data: { locale: 'es' }, headers: { 'x-csrf-token': (await (await page.request.get('/api/v1/session')).json()).csrfToken } });
    await page.goto('/home-visits/log');
    await page.getByRole('heading', { name: 'Registrar una visita' }).waitFor();
    // The service worker takes over the page, and the field kit is saved on the device.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    const kit = (await (await page.request.get('/api/v1/home-visits/field-kit')).json()) as Kit;
    const family = kit.families.find((f) => f.offerable && f.visitsSoFar === 0)!;
    expect(family).toBeTruthy();
    const school = kit.schools.find((s) => s.id === family.schoolId)!;
    const hopes = school.visitTypes.find((t) => t.purpose === 'hopes_and_dreams')!;
    const partner = school.educators.find((e) => e.staffId !== kit.staffId)!;
    expect(partner).toBeTruthy();
    const before = await myVisitCount(page);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // No connection: the form still opens (from the service worker) with the families saved on the phone.
    await goOffline(context);
    await page.reload();
    await page.getByRole('heading', { name: 'Registrar una visita' }).waitFor();
    await page.getByText('Sin conexión: se usan las familias').waitFor();
    await page.getByRole('combobox', { name: /^Visita/ }).selectOption('new');
    await page.getByRole('combobox', { name: /^Familia/ }).selectOption(family.key);
    await page.getByRole('combobox', { name: /^Tipo de visita/ }).selectOption(String(hopes.id));
    await page.getByRole('checkbox', { name: partner.name }).check();
    await page.getByRole('textbox', { name: /^Acordada con la familia el/ }).fill(isoDaysAgo(4));
    await page.getByRole('textbox', { name: /^Hora de inicio/ }).fill('20:30');
    await page.getByRole('spinbutton', { name: /^Duración/ }).fill('55');
    await page.getByRole('combobox', { name: /^Idioma de la visita/ }).selectOption('es');
    await page.getByRole('textbox', { name: /^Esperanzas y sueños/ }).fill('Quieren que sea doctora; le encanta leer con su abuela.');
    await page.getByRole('textbox', { name: /^Qué aprendimos/ }).fill('La familia lee junta cada noche.');
    await page.getByRole('textbox', { name: /^Cómo lo usaremos/ }).fill('Enviar registros de lectura en español.');
    await screenshot(page, 'home-visits-form-phone-es-offline');
    await page.getByRole('button', { name: 'Guardar la visita' }).click();
    await page.getByText('Guardado en este teléfono. Se enviará cuando vuelva la conexión.').waitFor();
    await page.getByText('Pendiente de envío.').waitFor();

    // The connection returns, but the answer to the first sending is lost after the server recorded it.
    let lost = 0;
    await page.route('**/api/v1/home-visits/visits', async (route) => {
      if (route.request().method() === 'POST' && lost === 0) {
        lost++;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    await goOnline(context);
    await expect.poll(() => lost, { timeout: 20_000 }).toBe(1);
    // The form is still on the phone; sending it again is answered with what the first sending did.
    await page.getByRole('button', { name: 'Enviar ahora' }).click();
    await page.getByText(/ya se había recibido: se registró una sola vez/).first().waitFor();
    await page.getByText('No hay nada pendiente de envío.').waitFor();
    expect(await myVisitCount(page)).toBe(before + 1);
    await screenshot(page, 'home-visits-form-phone-es-sent');
    await context.close();
  });

  it('shows the coordinator coverage and whether visits are a cross-section', async () => {
    const { context, page } = await newPage(h, DESKTOP);
    await signIn(page, 'coordinator@riverside.example');
    await page.goto('/home-visits/coverage');
    await page.getByRole('heading', { name: 'Cobertura y resultados', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '¿Las visitas llegan a una muestra representativa de familias?' }).waitFor();
    await page.getByRole('table', { name: 'Cobertura por escuela' }).waitFor();
    await page.getByText('Una correlación, no una prueba de causa').waitFor();
    // The coordinator's own school is shown first, with its check.
    await page.getByText(/Una muestra representativa|Sin conclusión todavía|Las visitas se concentran/).first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'home-visits-coverage-coordinator-es');
    await page.goto('/home-visits/families');
    await page.getByRole('heading', { name: 'Familias', level: 1 }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto('/home-visits/program');
    await page.getByRole('heading', { name: 'Configuración del programa', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Coordinadores' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'home-visits-program-coordinator-es');
    await context.close();
  });

  it('shows the district results beside the visits, worded honestly, and a concentrated school', async () => {
    const { context, page } = await newPage(h, DESKTOP);
    await signIn(page, 'director@riverside.example');
    await page.goto('/home-visits/coverage');
    await page.getByRole('heading', { name: 'Coverage and results', level: 1 }).waitFor();
    await page.getByText('A correlation, not proof of cause').waitFor();
    await page.getByText(/2016-17 study of more than 100,000/).waitFor();
    // Each school's cross-section check; the demo's third school leans toward chronically absent students.
    const select = page.getByRole('combobox', { name: 'School' });
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(values.length).toBeGreaterThan(2);
    let concentrated = 0;
    for (const v of values) {
      await select.selectOption(v);
      await page.getByText(/^(A fair cross-section|No verdict yet|Visits are concentrated)$/).first().waitFor();
      if (await page.getByText('Visits are concentrated', { exact: true }).count()) concentrated++;
    }
    expect(concentrated).toBeGreaterThanOrEqual(1);
    await select.selectOption(values[0]);
    // The by-teacher table follows the school chosen: that school's teachers, counted for their classes there.
    const schoolName = (await select.locator(`option[value="${values[0]}"]`).innerText()).trim();
    const byApi = (await (await page.request.get(`/api/v1/home-visits/coverage?schoolId=${values[0]}`)).json()).rows.filter((r: { level: string }) => r.level === 'teacher');
    expect(byApi.length).toBeGreaterThan(0);
    expect(byApi.every((r: { schoolId: number }) => r.schoolId === Number(values[0]))).toBe(true);
    const byTeacher = page.getByRole('table', { name: `Coverage by teacher at ${schoolName} (their classes at this school)` });
    await byTeacher.waitFor();
    await expect.poll(() => byTeacher.locator('tbody tr').count()).toBe(byApi.length);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'home-visits-coverage-district-en');
    await context.close();
  });

  it('gives the union hours and pay, with the payroll file', async () => {
    const { context, page } = await newPage(h, PHONE);
    await signIn(page, 'union@riverside.example');
    await page.goto('/home-visits/compensation');
    await page.getByRole('heading', { name: 'Hours and pay', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Download the payroll file (CSV)' }).waitFor();
    const csv = await page.request.get('/api/v1/home-visits/compensation.csv');
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toContain('staff_id,name,email,school,period_start,period_end');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'home-visits-pay-union-phone');
    await context.close();
  });
});
